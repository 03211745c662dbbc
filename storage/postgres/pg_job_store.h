// JobStore and JobLeases on PostgreSQL, for several instances sharing one
// database. Writes from a job's run are fenced by its lease: an update from
// an instance that lost the job's lease (it stalled past the expiry and
// another instance took the job over) fails with StorageFailure instead of
// overwriting the new owner's progress.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "orchestration/jobs/job_leases.h"
#include "orchestration/jobs/job_store.h"
#include "storage/postgres/pg_connection.h"

namespace cf::storage {

class PgJobStore : public JobStore, public JobLeases {
 public:
  // `owner` is this instance's id.
  PgJobStore(std::shared_ptr<PgPool> pool, std::string owner);

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

  const std::string& owner() const override { return owner_; }
  std::optional<std::string> claimNext(std::chrono::milliseconds ttl) override;
  std::vector<HeldLease> renew(const std::vector<std::string>& jobIds, std::chrono::milliseconds ttl) override;
  void release(const std::string& jobId) override;
  QueueSummary queue() override;
  void announce(const InstanceInfo& self) override;
  std::vector<InstanceInfo> instances(std::chrono::milliseconds within) override;

  // For /readyz: a write commits. Probed at most once a second.
  StorageHealth health();

 private:
  std::optional<Job> findOn(PgConnection& c, const std::string& id);
  void appendEvents(PgConnection& c, const std::string& jobId, const std::vector<JobEvent>& events);

  std::shared_ptr<PgPool> pool_;
  std::string owner_;
  std::mutex mutex_;  // the health probe's
  std::chrono::steady_clock::time_point lastProbe_;
  StorageHealth lastHealth_;
};

}  // namespace cf::storage
