#include "storage/sqlite_report_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/sqlite_errors.h"
#include <nlohmann/json.hpp>

#include "storage/database.h"

namespace cf::storage {

SqliteReportStore::SqliteReportStore(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}
SqliteReportStore::~SqliteReportStore() = default;

std::unique_ptr<SqliteReportStore> SqliteReportStore::open(const std::string& path) {
  return std::make_unique<SqliteReportStore>(openDatabase(path));
}

void SqliteReportStore::save(const ValidationReport& report) {
  return guarded([&]() -> void {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Transaction transaction(*db_);
    SQLite::Statement upsert(
        *db_,
        "INSERT INTO validation_reports(id, cluster, verdict, created_at, report) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET cluster = excluded.cluster, verdict = excluded.verdict, "
        "report = excluded.report");
    upsert.bind(1, report.id);
    upsert.bind(2, report.cluster.value_or(""));
    upsert.bind(3, toString(report.verdict()));
    upsert.bind(4, report.createdAt);
    upsert.bind(5, toJson(report).dump());
    upsert.exec();
    SQLite::Statement seqOf(*db_, "SELECT seq FROM validation_reports WHERE id = ?");
    seqOf.bind(1, report.id);
    seqOf.executeStep();
    int64_t seq = seqOf.getColumn(0).getInt64();
    SQLite::Statement clear(*db_, "DELETE FROM validation_report_nodes WHERE report_seq = ?");
    clear.bind(1, seq);
    clear.exec();
    SQLite::Statement node(*db_, "INSERT OR IGNORE INTO validation_report_nodes(node, report_seq) VALUES (?, ?)");
    for (const auto& n : report.nodes) {
      node.bind(1, n);
      node.bind(2, seq);
      node.exec();
      node.reset();
    }
    transaction.commit();
  });
}

std::optional<ValidationReport> SqliteReportStore::find(const std::string& id) {
  return guarded([&]() -> std::optional<ValidationReport> {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Statement s(*db_, "SELECT report FROM validation_reports WHERE id = ?");
    s.bind(1, id);
    if (!s.executeStep()) return std::nullopt;
    return reportFromJson(nlohmann::json::parse(s.getColumn(0).getString()));
  });
}

ReportPage SqliteReportStore::list(const ReportQuery& query) {
  return guarded([&]() -> ReportPage {
    std::lock_guard<std::mutex> lock(mutex_);
    std::string sql = query.node ? "SELECT r.seq, r.report FROM validation_report_nodes n "
                                   "JOIN validation_reports r ON r.seq = n.report_seq WHERE n.node = :node"
                                 : "SELECT r.seq, r.report FROM validation_reports r WHERE 1 = 1";
    if (query.cluster) sql += " AND r.cluster = :cluster";
    if (query.beforeSeq) sql += query.node ? " AND n.report_seq < :before" : " AND r.seq < :before";
    sql += query.node ? " ORDER BY n.report_seq DESC LIMIT :limit" : " ORDER BY r.seq DESC LIMIT :limit";
    SQLite::Statement s(*db_, sql);
    if (query.node) s.bind(":node", *query.node);
    if (query.cluster) s.bind(":cluster", *query.cluster);
    if (query.beforeSeq) s.bind(":before", static_cast<int64_t>(*query.beforeSeq));
    s.bind(":limit", query.limit + 1);
    ReportPage page;
    std::vector<int64_t> seqs;
    while (s.executeStep()) {
      seqs.push_back(s.getColumn(0).getInt64());
      page.reports.push_back(reportFromJson(nlohmann::json::parse(s.getColumn(1).getString())));
    }
    if (page.reports.size() > static_cast<size_t>(query.limit)) {
      page.reports.pop_back();
      page.nextBeforeSeq = seqs[page.reports.size() - 1];
    }
    return page;
  });
}

}  // namespace cf::storage
