#include "storage/postgres/pg_connection.h"

#include <libpq-fe.h>

#include "storage/database_location.h"

#include <cstdlib>

namespace cf::storage {

namespace {

std::string firstLine(const char* message) {
  std::string text = message ? message : "";
  auto end = text.find('\n');
  return end == std::string::npos ? text : text.substr(0, end);
}

// The server's primary message and SQLSTATE; never the connection string.
StorageFailure failure(const std::string& sqlState, const std::string& message) {
  return StorageFailure("the database failed: " + message + (sqlState.empty() ? "" : " (SQLSTATE " + sqlState + ")"));
}

}  // namespace

PgResult::PgResult(pg_result* result) : result_(result) {}
PgResult::PgResult(PgResult&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
PgResult::~PgResult() {
  if (result_) PQclear(result_);
}

int PgResult::rows() const { return PQntuples(result_); }
int PgResult::affected() const {
  const char* count = PQcmdTuples(result_);
  return count && *count ? std::atoi(count) : 0;
}
bool PgResult::isNull(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }
std::string PgResult::text(int row, int column) const {
  return std::string(PQgetvalue(result_, row, column), static_cast<size_t>(PQgetlength(result_, row, column)));
}
std::optional<std::string> PgResult::optionalText(int row, int column) const {
  if (isNull(row, column)) return std::nullopt;
  return text(row, column);
}
int64_t PgResult::integer(int row, int column) const {
  return std::strtoll(PQgetvalue(result_, row, column), nullptr, 10);
}

PgConnection::PgConnection(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
    std::string why = conn_ ? firstLine(PQerrorMessage(conn_)) : "out of memory";
    if (conn_) PQfinish(conn_);
    throw failure("08001", "cannot connect to PostgreSQL at " + redactedDatabaseUrl(url) + ": " + why);
  }
  // Quiet NOTICEs (CREATE ... IF NOT EXISTS) would go to stderr otherwise.
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
}

PgConnection::~PgConnection() { PQfinish(conn_); }

bool PgConnection::broken() const { return PQstatus(conn_) != CONNECTION_OK; }

PgResult PgConnection::exec(const std::string& sql, const PgParams& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  // Without parameters, the simple protocol: it takes several statements (migrations).
  pg_result* raw = params.empty() ? PQexec(conn_, sql.c_str())
                                  : PQexecParams(conn_, sql.c_str(), static_cast<int>(params.size()), nullptr,
                                                 values.data(), nullptr, nullptr, 0);
  PgResult result(raw);
  ExecStatusType status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  const char* state = raw ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = raw ? PQresultErrorField(raw, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  throw failure(state ? state : (broken() ? "08006" : ""), primary ? primary : firstLine(PQerrorMessage(conn_)));
}

int PgConnection::socket() const { return PQsocket(conn_); }

std::vector<std::string> PgConnection::takeNotifications() {
  if (PQconsumeInput(conn_) == 0)
    throw failure("08006", "the notification connection broke: " + firstLine(PQerrorMessage(conn_)));
  std::vector<std::string> payloads;
  while (PGnotify* notice = PQnotifies(conn_)) {
    payloads.emplace_back(notice->extra ? notice->extra : "");
    PQfreemem(notice);
  }
  return payloads;
}

PgPool::PgPool(std::string url, size_t size) : url_(std::move(url)), size_(std::max<size_t>(1, size)) {}
PgPool::~PgPool() = default;

PgPool::Checkout::Checkout(PgPool& p) : pool(p) {
  std::unique_lock<std::mutex> lock(pool.mutex_);
  pool.released_.wait(lock, [&] { return !pool.idle_.empty() || pool.open_ < pool.size_; });
  if (!pool.idle_.empty()) {
    connection = std::move(pool.idle_.back());
    pool.idle_.pop_back();
    return;
  }
  ++pool.open_;
  lock.unlock();
  try {
    connection = std::make_unique<PgConnection>(pool.url_);
  } catch (...) {
    lock.lock();
    --pool.open_;
    pool.released_.notify_one();
    throw;
  }
}

PgPool::Checkout::~Checkout() {
  std::lock_guard<std::mutex> lock(pool.mutex_);
  if (connection && !connection->broken()) pool.idle_.push_back(std::move(connection));
  else --pool.open_;
  pool.released_.notify_one();
}

}  // namespace cf::storage
