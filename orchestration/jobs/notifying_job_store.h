// A JobStore that tells listeners which job changed, after the change is
// committed: what lets a long-poll answer the moment a job moves, and wakes
// the webhook outbox. Listeners are added before the store is shared and run
// on the thread that made the change, so they must only hand the news on.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "orchestration/jobs/job_store.h"

namespace cf {

class NotifyingJobStore : public JobStore {
 public:
  using Listener = std::function<void(const std::string& jobId)>;

  explicit NotifyingJobStore(JobStore& inner) : inner_(inner) {}

  // Not thread-safe: call before the store is in use.
  void addListener(Listener listener) { listeners_.push_back(std::move(listener)); }

  // A change committed elsewhere (another instance on the same database);
  // an empty id means any job may have changed.
  void changedElsewhere(const std::string& id) const { changed(id); }

  void insertWith(Job& job, const std::vector<JobEvent>& events, const Alongside& alongside) override;
  void update(const Job& job, const std::vector<JobEvent>& events) override;
  std::optional<Job> requestCancel(const std::string& id) override;

  std::optional<Job> find(const std::string& id) override { return inner_.find(id); }
  std::optional<Job> findByRequestKey(const std::string& requestKey) override {
    return inner_.findByRequestKey(requestKey);
  }
  JobPage list(const JobQuery& query) override { return inner_.list(query); }
  std::vector<JobEvent> events(const std::string& id, int64_t afterSequence, int limit) override {
    return inner_.events(id, afterSequence, limit);
  }
  std::vector<Job> running() override { return inner_.running(); }
  std::vector<QueuedJob> queued() override { return inner_.queued(); }
  std::optional<Job> latestForCluster(const std::string& cluster) override { return inner_.latestForCluster(cluster); }

 private:
  void changed(const std::string& id) const;

  JobStore& inner_;
  std::vector<Listener> listeners_;
};

}  // namespace cf
