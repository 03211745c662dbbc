#include "storage/sqlite_idempotency_store.h"

#include <chrono>

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/sqlite_errors.h"
#include <nlohmann/json.hpp>

#include "storage/database.h"

namespace cf::storage {

namespace {
constexpr int64_t kRetentionSeconds = 24 * 60 * 60;

int64_t nowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}
}  // namespace

SqliteIdempotencyStore::SqliteIdempotencyStore(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}
SqliteIdempotencyStore::~SqliteIdempotencyStore() = default;

std::unique_ptr<SqliteIdempotencyStore> SqliteIdempotencyStore::open(const std::string& path) {
  return std::make_unique<SqliteIdempotencyStore>(openDatabase(path));
}

api::IdempotencyClaim SqliteIdempotencyStore::begin(const std::string& key, const std::string& scope,
                                                    uint64_t fingerprint) {
  return guarded([&]() -> api::IdempotencyClaim {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Transaction transaction(*db_);
    SQLite::Statement expire(*db_, "DELETE FROM idempotency_keys WHERE created_at < ?");
    expire.bind(1, nowSeconds() - kRetentionSeconds);
    expire.exec();

    std::string print = std::to_string(fingerprint);
    SQLite::Statement find(*db_,
                           "SELECT fingerprint, finished, status, content_type, headers, body FROM idempotency_keys "
                           "WHERE key = ? AND scope = ?");
    find.bind(1, key);
    find.bind(2, scope);
    api::IdempotencyClaim claim;
    if (find.executeStep()) {
      if (find.getColumn(0).getString() != print) {
        claim.outcome = api::IdempotencyClaim::Outcome::OtherRequest;
      } else if (find.getColumn(1).getInt() == 0) {
        claim.outcome = api::IdempotencyClaim::Outcome::InProgress;
      } else {
        claim.outcome = api::IdempotencyClaim::Outcome::Replay;
        claim.answer.status = find.getColumn(2).getInt();
        claim.answer.contentType = find.getColumn(3).getString();
        for (const auto& h : nlohmann::json::parse(find.getColumn(4).getString())) {
          claim.answer.headers.emplace_back(h.at(0).get<std::string>(), h.at(1).get<std::string>());
        }
        claim.answer.body = find.getColumn(5).getString();
      }
    } else {
      SQLite::Statement insert(*db_,
                               "INSERT INTO idempotency_keys(key, scope, fingerprint, created_at) VALUES (?, ?, ?, ?)");
      insert.bind(1, key);
      insert.bind(2, scope);
      insert.bind(3, print);
      insert.bind(4, nowSeconds());
      insert.exec();
    }
    transaction.commit();
    return claim;
  });
}

void SqliteIdempotencyStore::finish(const std::string& key, const std::string& scope, const api::StoredAnswer& answer) {
  return guarded([&]() -> void {
    std::lock_guard<std::mutex> lock(mutex_);
    nlohmann::json headers = nlohmann::json::array();
    for (const auto& [name, value] : answer.headers) headers.push_back({name, value});
    SQLite::Statement update(
        *db_,
        "UPDATE idempotency_keys SET finished = 1, status = ?, content_type = ?, headers = ?, body = ? "
        "WHERE key = ? AND scope = ?");
    update.bind(1, answer.status);
    update.bind(2, answer.contentType);
    update.bind(3, headers.dump());
    update.bind(4, answer.body);
    update.bind(5, key);
    update.bind(6, scope);
    update.exec();
  });
}

void SqliteIdempotencyStore::abandon(const std::string& key, const std::string& scope) {
  return guarded([&]() -> void {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Statement remove(*db_, "DELETE FROM idempotency_keys WHERE key = ? AND scope = ? AND finished = 0");
    remove.bind(1, key);
    remove.bind(2, scope);
    remove.exec();
  });
}

std::vector<api::IdempotencyStore::Claim> SqliteIdempotencyStore::unfinished() {
  return guarded([&]() -> std::vector<api::IdempotencyStore::Claim> {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Statement select(*db_, "SELECT key, scope FROM idempotency_keys WHERE finished = 0");
    std::vector<Claim> claims;
    while (select.executeStep()) claims.push_back({select.getColumn(0).getString(), select.getColumn(1).getString()});
    return claims;
  });
}

}  // namespace cf::storage
