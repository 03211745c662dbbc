#include "storage/sqlite_token_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/database.h"
#include "storage/sqlite_errors.h"

#include "storage/job_rows.h"
#include "storage/sqlite_row.h"

namespace cf::storage {

namespace {

api::TokenRecord tokenOf(SQLite::Statement& row) { return tokenFromRow(SqliteRow{row}); }

}  // namespace

SqliteTokenStore::SqliteTokenStore(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}
SqliteTokenStore::~SqliteTokenStore() = default;

std::unique_ptr<SqliteTokenStore> SqliteTokenStore::open(const std::string& path) {
  return std::make_unique<SqliteTokenStore>(openDatabase(path));
}

bool SqliteTokenStore::create(const api::TokenRecord& token, const std::string& hash) {
  return guarded([&]() -> bool {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Statement s(
        *db_, "INSERT OR IGNORE INTO tokens(name, hash, role, created_at, expires_at) VALUES (?, ?, ?, ?, ?)");
    s.bind(1, token.name);
    s.bind(2, hash);
    s.bind(3, api::toString(token.role));
    s.bind(4, token.createdAt);
    if (token.expiresAt) s.bind(5, *token.expiresAt);
    else s.bind(5);
    return s.exec() == 1;
  });
}

std::optional<api::TokenRecord> SqliteTokenStore::findByHash(const std::string& hash) {
  return guarded([&]() -> std::optional<api::TokenRecord> {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Statement s(*db_, std::string("SELECT ") + kTokenColumns + " FROM tokens WHERE hash = ?");
    s.bind(1, hash);
    if (!s.executeStep()) return std::nullopt;
    return tokenOf(s);
  });
}

std::vector<api::TokenRecord> SqliteTokenStore::list() {
  return guarded([&]() -> std::vector<api::TokenRecord> {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Statement s(*db_, std::string("SELECT ") + kTokenColumns + " FROM tokens ORDER BY created_at, name");
    std::vector<api::TokenRecord> out;
    while (s.executeStep()) out.push_back(tokenOf(s));
    return out;
  });
}

bool SqliteTokenStore::revoke(const std::string& name, const std::string& now) {
  return guarded([&]() -> bool {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Statement s(*db_, "UPDATE tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL");
    s.bind(1, now);
    s.bind(2, name);
    return s.exec() == 1;
  });
}

void SqliteTokenStore::markUsed(const std::string& name, const std::string& now) {
  guarded([&]() -> void {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Statement s(*db_, "UPDATE tokens SET last_used_at = ? WHERE name = ?");
    s.bind(1, now);
    s.bind(2, name);
    s.exec();
  });
}

size_t SqliteTokenStore::countUsable(const std::string& now) {
  return guarded([&]() -> size_t {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Statement s(
        *db_, "SELECT COUNT(*) FROM tokens WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)");
    s.bind(1, now);
    s.executeStep();
    return static_cast<size_t>(s.getColumn(0).getInt64());
  });
}

}  // namespace cf::storage
