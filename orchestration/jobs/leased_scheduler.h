// Runs jobs for one of several instances that share a database (JobLeases).
// There is no queue in memory: an idle worker claims the oldest job that may
// run now, so at most one job runs per cluster, in submit order, across all
// instances. A heartbeat renews the leases of the jobs running here and
// records this instance as alive; a job whose lease was lost (this instance
// stalled past the expiry and another took the job over) is stopped at its
// next checkpoint. A job found running under a lapsed lease (its instance
// died) is resumed at its step, as a restart resumes it.
//
// Workers look for work when woken (a submit here, or any job change an
// instance reports, which may free a cluster) and otherwise every
// `pollInterval`, which bounds how long a job waits after a change no
// notification reported.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/logger.h>

#include "orchestration/common/metrics.h"
#include "orchestration/jobs/job_leases.h"
#include "orchestration/jobs/job_runner.h"
#include "orchestration/jobs/job_scheduler.h"
#include "orchestration/jobs/job_store.h"

namespace cf {

struct LeaseTiming {
  std::chrono::milliseconds lease{30000};        // how long a claim lasts without a heartbeat
  std::chrono::milliseconds pollInterval{1000};  // the longest an idle worker waits before looking again
};

class LeasedScheduler : public JobScheduler {
 public:
  // `metrics` gets the queue wait of each job and the age of the oldest queued one.
  LeasedScheduler(JobStore& store, JobLeases& leases, JobRunner& runner, size_t workers, LeaseTiming timing,
                  InstanceInfo self, std::shared_ptr<spdlog::logger> log,
                  std::shared_ptr<Metrics> metrics = std::make_shared<Metrics>());
  ~LeasedScheduler() override;

  void start() override;
  void enqueue(const Job& job) override;
  void cancel(const std::string& jobId) override;
  bool stop(std::chrono::milliseconds grace) override;
  size_t queuedCount() const override;
  size_t runningCount() const override;
  bool running() const override;

  // A job changed, here or on another instance (empty: anything may have).
  void jobChanged(const std::string& jobId);

 private:
  struct Run {
    std::shared_ptr<StopFlag> cancel = std::make_shared<StopFlag>();
    std::shared_ptr<StopFlag> stop = std::make_shared<StopFlag>();
  };

  void workerLoop();
  void heartbeatLoop();
  std::optional<std::string> claim();
  void runClaimed(const std::string& jobId, const Run& run);

  JobStore& store_;
  JobLeases& leases_;
  JobRunner& runner_;
  size_t workerCount_;
  LeaseTiming timing_;
  InstanceInfo self_;
  std::shared_ptr<spdlog::logger> log_;
  std::shared_ptr<Metrics> metrics_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::string, Run> running_;  // job id -> its flags
  QueueSummary queue_;  // as the last heartbeat saw it, and submits here since
  bool claiming_ = false;               // one idle worker asks the database at a time
  bool woken_ = false;
  bool claimFailing_ = false;      // logged once until it works again
  bool heartbeatFailing_ = false;  // the same, for the heartbeat (its thread only)
  std::vector<std::thread> workers_;
  std::thread heartbeat_;
  size_t liveWorkers_ = 0;
  bool started_ = false;
  bool stopping_ = false;
};

}  // namespace cf
