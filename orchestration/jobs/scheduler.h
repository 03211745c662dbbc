// Runs queued jobs on a bounded pool of worker threads.
//
// Order: jobs run in creation order, except that at most one job runs against
// a given cluster at a time; later jobs on a busy cluster wait, in order, while
// jobs on other clusters go ahead. Jobs with no cluster are never held back.
//
// start() first resumes what a previous process left unfinished: `running`
// jobs go back to `queued` and everything queued is scheduled in order.
// stop() raises the shutdown flag that every running step watches and waits,
// bounded, for the workers to reach a checkpoint.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/logger.h>

#include "orchestration/common/metrics.h"
#include "orchestration/jobs/job_runner.h"
#include "orchestration/jobs/job_scheduler.h"
#include "orchestration/jobs/job_store.h"

namespace cf {

class Scheduler : public JobScheduler {
 public:
  // `metrics` gets the queue wait of each job and the age of the oldest queued one.
  Scheduler(JobStore& store, JobRunner& runner, size_t workers, std::shared_ptr<spdlog::logger> log,
            std::shared_ptr<Metrics> metrics = std::make_shared<Metrics>());
  ~Scheduler() override;

  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  void start() override;
  void enqueue(const Job& job) override;
  void cancel(const std::string& jobId) override;
  bool stop(std::chrono::milliseconds grace) override;

  size_t queuedCount() const override;
  size_t runningCount() const override;
  bool running() const override;

 private:
  struct Entry {
    int64_t seq;
    std::string id;
    std::string cluster;
    std::chrono::steady_clock::time_point queuedAt = std::chrono::steady_clock::now();
  };

  void workerLoop();
  // The queue, all with mutex_ held: add a job (true when it may run now);
  // take the first one that may run now (its cluster busy from then on); free
  // a cluster.
  bool pushLocked(Entry entry);
  std::optional<Entry> popRunnableLocked();
  void releaseClusterLocked(const std::string& cluster);

  JobStore& store_;
  JobRunner& runner_;
  size_t workerCount_;
  std::shared_ptr<spdlog::logger> log_;
  std::shared_ptr<Metrics> metrics_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  // Queued jobs: each cluster's in order, and those of no cluster by sequence.
  std::map<std::string, std::deque<Entry>> byCluster_;
  std::map<int64_t, Entry> clusterless_;
  // What may run now, oldest first: the first queued job of each cluster that
  // is not busy, and every job of no cluster. Taking the next is O(log n)
  // however long the queue behind a busy cluster grows.
  std::set<std::pair<int64_t, std::string>> runnable_;
  size_t queued_ = 0;
  std::set<std::string> busyClusters_;
  std::map<std::string, std::shared_ptr<StopFlag>> cancelFlags_;  // running jobs
  std::shared_ptr<StopFlag> shutdown_ = std::make_shared<StopFlag>();
  std::vector<std::thread> workers_;
  size_t liveWorkers_ = 0;
  bool started_ = false;
  bool stopping_ = false;
};

}  // namespace cf
