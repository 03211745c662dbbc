// AuditStore on SQLite, on its own connection. Appending also forgets
// records older than a year, now and then, so the trail keeps well past the
// promised 90 days without growing for ever.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "api/audit_store.h"

namespace SQLite {
class Database;
}

namespace cf::storage {

class SqliteAuditStore : public api::AuditStore {
 public:
  explicit SqliteAuditStore(std::unique_ptr<SQLite::Database> db);
  ~SqliteAuditStore() override;
  static std::unique_ptr<SqliteAuditStore> open(const std::string& path);

  void append(const api::AuditRecord& record) override;
  api::AuditPage list(const api::AuditQuery& query) override;

 private:
  std::mutex mutex_;
  std::unique_ptr<SQLite::Database> db_;
  int appendsSincePrune_ = 0;
};

}  // namespace cf::storage
