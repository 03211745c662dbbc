// JobStore on SQLite, on a connection it may share with the audit trail
// (GroupCommit): writes from many threads are committed in groups, reads
// between them, and every read here is an indexed lookup or a bounded page.
// Steps, result and error are kept as JSON text in the job row so that one
// UPDATE commits a job's whole state together with its new events.
#pragma once

#include <memory>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <utility>
#include <string>

#include "orchestration/common/storage_failure.h"
#include "orchestration/jobs/job_store.h"
#include "storage/group_commit.h"

namespace SQLite {
class Database;
}

namespace cf::storage {

class SqliteJobStore : public JobStore {
 public:
  explicit SqliteJobStore(std::shared_ptr<GroupCommit> connection);
  // Opens and migrates the database file (see database.h).
  static std::unique_ptr<SqliteJobStore> open(const std::string& path);
  ~SqliteJobStore() override;

  void insertWith(Job& job, const std::vector<JobEvent>& events, const Alongside& alongside) override;
  void update(const Job& job, const std::vector<JobEvent>& events) override;
  std::optional<Job> requestCancel(const std::string& id) override;
  std::optional<Job> find(const std::string& id) override;
  std::optional<Job> findByRequestKey(const std::string& requestKey) override;
  JobPage list(const JobQuery& query) override;
  std::vector<JobEvent> events(const std::string& id, int64_t afterSequence, int limit) override;
  std::vector<Job> running() override;
  std::vector<QueuedJob> queued() override;
  std::optional<Job> latestForCluster(const std::string& cluster) override;

  // For /readyz: the file is still the one opened, and a write commits.
  // Probed at most once a second; the answer between probes is the last.
  StorageHealth health();

 private:
  static std::optional<Job> findIn(SQLite::Database& db, const std::string& id);
  // Within a write: the events after the job's last (none yet for a new job).
  void appendEvents(const std::string& jobId, const std::vector<JobEvent>& events, bool newJob);

  std::shared_ptr<GroupCommit> connection_;
  std::mutex mutex_;  // the health probe's
  std::chrono::steady_clock::time_point lastProbe_;
  StorageHealth lastHealth_;
};

}  // namespace cf::storage
