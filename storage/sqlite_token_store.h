// TokenStore on SQLite, on its own connection to the service's database, so
// `clusterforge token` works on the same file while the service runs.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "api/token_store.h"

namespace SQLite {
class Database;
}

namespace cf::storage {

class SqliteTokenStore : public api::TokenStore {
 public:
  explicit SqliteTokenStore(std::unique_ptr<SQLite::Database> db);
  ~SqliteTokenStore() override;
  static std::unique_ptr<SqliteTokenStore> open(const std::string& path);

  bool create(const api::TokenRecord& token, const std::string& hash) override;
  std::optional<api::TokenRecord> findByHash(const std::string& hash) override;
  std::vector<api::TokenRecord> list() override;
  bool revoke(const std::string& name, const std::string& now) override;
  void markUsed(const std::string& name, const std::string& now) override;
  size_t countUsable(const std::string& now) override;

 private:
  std::mutex mutex_;
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace cf::storage
