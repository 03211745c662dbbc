// JobStore on SQLite. One connection, serialised by a mutex: SQLite has one
// writer at a time anyway, and every read here is an indexed lookup or a
// bounded page. Steps, result and error are kept as JSON text in the job row
// so that one UPDATE commits a job's whole state together with its new events.
#pragma once

#include <memory>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <utility>
#include <string>

#include "orchestration/common/storage_failure.h"
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

  // For /readyz: the file is still the one opened, and a write commits.
  // Probed at most once a second; the answer between probes is the last.
  StorageHealth health();

 private:
  // Throws StorageFailure when the file at the opened path is gone or is
  // another file: writes would go to a file nobody will read again.
  void requireSameFileLocked();

  std::optional<Job> findLocked(const std::string& id);
  void appendEventsLocked(const std::string& jobId, const std::vector<JobEvent>& events);

  std::mutex mutex_;
  std::unique_ptr<SQLite::Database> db_;
  std::pair<uint64_t, uint64_t> fileIdentity_;  // device and inode
  std::chrono::steady_clock::time_point lastProbe_;
  StorageHealth lastHealth_;
};

}  // namespace cf::storage
