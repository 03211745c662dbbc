#include "storage/sqlite_audit_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/database.h"
#include "storage/sqlite_errors.h"

namespace cf::storage {

namespace {
constexpr int kPruneEvery = 1000;
constexpr const char* kKeepFor = "-366 days";  // well past kAuditRetentionDays
}  // namespace

SqliteAuditStore::SqliteAuditStore(std::shared_ptr<GroupCommit> connection) : connection_(std::move(connection)) {}
SqliteAuditStore::~SqliteAuditStore() = default;

std::unique_ptr<SqliteAuditStore> SqliteAuditStore::open(const std::string& path) {
  return std::make_unique<SqliteAuditStore>(GroupCommit::open(path));
}

void SqliteAuditStore::append(const api::AuditRecord& r) {
  bool prune = ++appendsSincePrune_ % kPruneEvery == 0;
  guarded([&] {
    connection_->write([&](SQLite::Database& db) {
      auto& s = connection_->prepared(
          "INSERT INTO audit(time, token_name, role, client, method, path, status, request_id, job_id) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
      s.bind(1, r.time);
      s.bind(2, r.tokenName);
      s.bind(3, r.role);
      s.bind(4, r.client);
      s.bind(5, r.method);
      s.bind(6, r.path);
      s.bind(7, r.status);
      s.bind(8, r.requestId);
      s.bind(9, r.jobId);
      s.exec();
      if (prune) {
        db.exec(std::string("DELETE FROM audit WHERE time < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '") + kKeepFor +
                "')");
      }
    });
  });
}

api::AuditPage SqliteAuditStore::list(const api::AuditQuery& query) {
  return guarded([&]() -> api::AuditPage {
    return connection_->withConnection([&](SQLite::Database& db) -> api::AuditPage {
      std::string sql =
          "SELECT seq, time, token_name, role, client, method, path, status, request_id, job_id FROM audit WHERE 1 = 1";
      if (query.tokenName) sql += " AND token_name = :token";
      if (query.since) sql += " AND time >= :since";
      if (query.beforeSeq) sql += " AND seq < :before";
      sql += " ORDER BY seq DESC LIMIT :limit";
      SQLite::Statement s(db, sql);
      if (query.tokenName) s.bind(":token", *query.tokenName);
      if (query.since) s.bind(":since", *query.since);
      if (query.beforeSeq) s.bind(":before", static_cast<int64_t>(*query.beforeSeq));
      s.bind(":limit", query.limit + 1);
      api::AuditPage page;
      while (s.executeStep()) {
        page.records.push_back({s.getColumn(0).getInt64(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                                s.getColumn(3).getString(), s.getColumn(4).getString(), s.getColumn(5).getString(),
                                s.getColumn(6).getString(), s.getColumn(7).getInt(), s.getColumn(8).getString(),
                                s.getColumn(9).getString()});
      }
      if (page.records.size() > static_cast<size_t>(query.limit)) {
        page.records.pop_back();
        page.nextBeforeSeq = page.records.back().seq;
      }
      return page;
    });
  });
}

}  // namespace cf::storage
