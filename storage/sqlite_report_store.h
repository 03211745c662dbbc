// ReportStore on SQLite: the report as JSON text in one row, its nodes in a
// side table for the node filter. Its own connection to the service's
// database file (WAL lets it and the job store work side by side).
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "orchestration/validation/report_store.h"

namespace SQLite {
class Database;
}

namespace cf::storage {

class SqliteReportStore : public ReportStore {
 public:
  explicit SqliteReportStore(std::unique_ptr<SQLite::Database> db);
  ~SqliteReportStore() override;
  static std::unique_ptr<SqliteReportStore> open(const std::string& path);

  void save(const ValidationReport& report) override;
  std::optional<ValidationReport> find(const std::string& id) override;
  ReportPage list(const ReportQuery& query) override;

 private:
  std::mutex mutex_;
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace cf::storage
