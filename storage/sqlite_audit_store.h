// AuditStore on SQLite, on a connection it may share with the jobs
// (GroupCommit), so an audited submit's two writes can commit together.
// Appending also forgets records older than a year, now and then, so the
// trail keeps well past the promised 90 days without growing for ever.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "api/audit_store.h"
#include "storage/group_commit.h"

namespace SQLite {
class Database;
}

namespace cf::storage {

class SqliteAuditStore : public api::AuditStore {
 public:
  explicit SqliteAuditStore(std::shared_ptr<GroupCommit> connection);
  ~SqliteAuditStore() override;
  static std::unique_ptr<SqliteAuditStore> open(const std::string& path);

  void append(const api::AuditRecord& record) override;
  api::AuditPage list(const api::AuditQuery& query) override;

 private:
  std::shared_ptr<GroupCommit> connection_;
  std::atomic<int> appendsSincePrune_{0};
};

}  // namespace cf::storage
