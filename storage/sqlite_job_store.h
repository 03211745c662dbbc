// JobStore on SQLite. One connection, serialised by a mutex: SQLite has one
// writer at a time anyway, and every read here is an indexed lookup or a
// bounded page. Steps, result and error are kept as JSON text in the job row
// so that one UPDATE commits a job's whole state together with its new events.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "orchestration/jobs/job_store.h"

namespace SQLite {
class Database;
}

namespace cf::storage {

class SqliteJobStore : public JobStore {
 public:
  explicit SqliteJobStore(std::unique_ptr<SQLite::Database> db);
  // Opens and migrates the database file (see database.h).
  static std::unique_ptr<SqliteJobStore> open(const std::string& path);
  ~SqliteJobStore() override;

  void insert(Job& job, const std::vector<JobEvent>& events) override;
  void update(const Job& job, const std::vector<JobEvent>& events) override;
  std::optional<Job> requestCancel(const std::string& id) override;
  std::optional<Job> find(const std::string& id) override;
  std::optional<Job> findByRequestKey(const std::string& requestKey) override;
  JobPage list(const JobQuery& query) override;
  std::vector<JobEvent> events(const std::string& id, int64_t afterSequence, int limit) override;
  std::vector<Job> unfinished() override;
  std::optional<Job> latestForCluster(const std::string& cluster) override;

  // A cheap query that proves the database answers (for /readyz).
  bool healthy();

 private:
  std::optional<Job> findLocked(const std::string& id);
  void appendEventsLocked(const std::string& jobId, const std::vector<JobEvent>& events);

  std::mutex mutex_;
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace cf::storage
