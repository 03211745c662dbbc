// One libpq connection, and a small fixed pool of them, for the PostgreSQL
// adapters. Statements take text parameters ($1, $2, ...; std::nullopt is
// NULL) and return text results: the stores already keep JSON and RFC 3339
// times as text, so nothing is gained from binary formats.
//
// Every failure becomes StorageFailure with PostgreSQL's SQLSTATE and its
// primary message, never the connection string (it may hold a password).
// A connection that broke is dropped by the pool and opened again on the next
// checkout, so a restarted database server costs the requests in flight only.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "orchestration/common/storage_failure.h"

struct pg_conn;
struct pg_result;

namespace cf::storage {

using PgParam = std::optional<std::string>;
using PgParams = std::vector<PgParam>;

class PgResult {
 public:
  explicit PgResult(pg_result* result);
  PgResult(PgResult&& other) noexcept;
  PgResult& operator=(PgResult&&) = delete;
  ~PgResult();

  int rows() const;
  int affected() const;  // rows an INSERT, UPDATE or DELETE touched
  bool isNull(int row, int column) const;
  std::string text(int row, int column) const;
  std::optional<std::string> optionalText(int row, int column) const;
  int64_t integer(int row, int column) const;

 private:
  pg_result* result_;
};

// One row of a result as job_rows.h reads rows.
struct PgRow {
  const PgResult& result;
  int row;

  std::string text(int i) const { return result.text(row, i); }
  std::optional<std::string> optionalText(int i) const { return result.optionalText(row, i); }
  int64_t integer(int i) const { return result.integer(row, i); }
};

// Every row of `result` through `read` (a function of PgRow).
template <typename Read>
auto allRows(const PgResult& result, Read read) -> std::vector<decltype(read(std::declval<PgRow>()))> {
  std::vector<decltype(read(std::declval<PgRow>()))> rows;
  for (int i = 0; i < result.rows(); ++i) rows.push_back(read(PgRow{result, i}));
  return rows;
}

class PgConnection {
 public:
  // Connects (libpq's URI or key=value form); throws StorageFailure when it cannot.
  explicit PgConnection(const std::string& url);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  PgResult exec(const std::string& sql, const PgParams& params = {});
  bool broken() const;
  // For LISTEN: the socket to wait on, and the notifications that arrived
  // (channel payloads), after input is consumed.
  int socket() const;
  std::vector<std::string> takeNotifications();

 private:
  pg_conn* conn_;
};

// Up to `size` connections, opened as needed; a checkout waits for a free one.
class PgPool {
 public:
  PgPool(std::string url, size_t size);
  ~PgPool();

  // Runs `body` on a free connection.
  template <typename Body>
  auto with(Body body) -> decltype(body(std::declval<PgConnection&>())) {
    Checkout checkout(*this);
    return body(*checkout.connection);
  }
  // Runs `body` inside BEGIN ... COMMIT; a throw rolls back.
  template <typename Body>
  auto transaction(Body body) -> decltype(body(std::declval<PgConnection&>())) {
    return with([&](PgConnection& c) -> decltype(body(c)) {
      c.exec("BEGIN");
      try {
        if constexpr (std::is_void_v<decltype(body(c))>) {
          body(c);
          c.exec("COMMIT");
        } else {
          auto result = body(c);
          c.exec("COMMIT");
          return result;
        }
      } catch (...) {
        if (!c.broken()) {
          try {
            c.exec("ROLLBACK");
          } catch (const StorageFailure&) {
            // the connection broke on the way; the pool drops it
          }
        }
        throw;
      }
    });
  }

  const std::string& url() const { return url_; }

 private:
  struct Checkout {
    explicit Checkout(PgPool& pool);
    ~Checkout();
    PgPool& pool;
    std::unique_ptr<PgConnection> connection;
  };

  std::string url_;
  size_t size_;
  std::mutex mutex_;
  std::condition_variable released_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  size_t open_ = 0;
};

}  // namespace cf::storage
