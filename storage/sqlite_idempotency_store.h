// IdempotencyStore on SQLite, on its own connection to the service's database.
// A claim is a row inserted before the request is handled, so two requests
// with one key at once cannot both run: the second sees the first's claim.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "api/idempotency_store.h"

namespace SQLite {
class Database;
}

namespace cf::storage {

class SqliteIdempotencyStore : public api::IdempotencyStore {
 public:
  explicit SqliteIdempotencyStore(std::unique_ptr<SQLite::Database> db);
  ~SqliteIdempotencyStore() override;
  static std::unique_ptr<SqliteIdempotencyStore> open(const std::string& path);

  api::IdempotencyClaim begin(const std::string& key, const std::string& scope, uint64_t fingerprint) override;
  void finish(const std::string& key, const std::string& scope, const api::StoredAnswer& answer) override;
  void abandon(const std::string& key, const std::string& scope) override;
  std::vector<Claim> unfinished() override;

 private:
  std::mutex mutex_;
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace cf::storage
