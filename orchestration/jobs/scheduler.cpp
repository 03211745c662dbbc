#include "orchestration/jobs/scheduler.h"

#include <algorithm>

#include "orchestration/common/clock.h"
#include "orchestration/jobs/queue_metrics.h"

namespace cf {

Scheduler::Scheduler(JobStore& store, JobRunner& runner, size_t workers, std::shared_ptr<spdlog::logger> log,
                     std::shared_ptr<Metrics> metrics)
    : store_(store),
      runner_(runner),
      workerCount_(std::max<size_t>(1, workers)),
      log_(std::move(log)),
      metrics_(std::move(metrics)) {
  declareQueueMetrics(*metrics_, [this] {
    std::lock_guard<std::mutex> lock(mutex_);
    double oldest = 0;
    auto now = std::chrono::steady_clock::now();
    auto note = [&](const Entry& e) {
      oldest = std::max(oldest, std::chrono::duration<double>(now - e.queuedAt).count());
    };
    if (!clusterless_.empty()) note(clusterless_.begin()->second);
    for (const auto& [cluster, queue] : byCluster_) note(queue.front());
    return oldest;
  });
}

Scheduler::~Scheduler() {
  stop(std::chrono::seconds(30));
  metrics_->undeclare(kOldestQueuedMetric);  // its reader reads this scheduler
}

void Scheduler::start() {
  for (auto& job : store_.running()) {
    markRequeued(job);
    size_t next = job.firstUnfinishedStep();
    std::string at = next < job.steps.size() ? job.steps[next].name : "end";
    store_.update(job, {JobEvent{0, nowRfc3339(), EventLevel::Warning, "",
                                 "the service stopped while this job ran; resuming at step " + at}});
    log_->warn("job={} kind={} cluster={}: recovered after an interrupted run; resuming at step {}", job.id, job.kind,
               job.cluster, at);
  }
  auto queued = store_.queued();
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& job : queued) pushLocked({job.seq, std::move(job.id), std::move(job.cluster)});
  if (!queued.empty()) log_->info("{} unfinished job(s) scheduled after start-up", queued.size());
  started_ = true;
  for (size_t i = 0; i < workerCount_; ++i) {
    ++liveWorkers_;
    workers_.emplace_back([this] { workerLoop(); });
  }
}

void Scheduler::enqueue(const Job& job) {
  bool runnable;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    runnable = pushLocked({job.seq, job.id, job.cluster});
  }
  // A job queued behind its cluster's is started by the worker that frees the
  // cluster; waking one now would only put it back to sleep.
  if (runnable) changed_.notify_one();
}

bool Scheduler::pushLocked(Entry entry) {
  ++queued_;
  if (entry.cluster.empty()) {
    runnable_.insert({entry.seq, ""});
    clusterless_.emplace(entry.seq, std::move(entry));
    return true;
  }
  auto& queue = byCluster_[entry.cluster];
  queue.push_back(std::move(entry));
  const Entry& first = queue.front();
  if (queue.size() > 1 || busyClusters_.count(first.cluster)) return false;
  runnable_.insert({first.seq, first.cluster});
  return true;
}

std::optional<Scheduler::Entry> Scheduler::popRunnableLocked() {
  if (runnable_.empty()) return std::nullopt;
  auto [seq, cluster] = *runnable_.begin();
  runnable_.erase(runnable_.begin());
  --queued_;
  if (cluster.empty()) return std::move(clusterless_.extract(seq).mapped());
  auto it = byCluster_.find(cluster);
  Entry entry = std::move(it->second.front());
  it->second.pop_front();
  if (it->second.empty()) byCluster_.erase(it);
  busyClusters_.insert(cluster);
  return entry;
}

void Scheduler::releaseClusterLocked(const std::string& cluster) {
  busyClusters_.erase(cluster);
  auto it = byCluster_.find(cluster);
  if (it != byCluster_.end()) runnable_.insert({it->second.front().seq, cluster});
}

void Scheduler::cancel(const std::string& jobId) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = cancelFlags_.find(jobId);
  if (it != cancelFlags_.end()) it->second->raise();
}

void Scheduler::workerLoop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    changed_.wait(lock, [this] { return stopping_ || !runnable_.empty(); });
    if (stopping_) break;
    Entry entry = *popRunnableLocked();
    metrics_->observe(kQueueWaitMetric, {},
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - entry.queuedAt).count());
    auto cancelFlag = std::make_shared<StopFlag>();
    cancelFlags_[entry.id] = cancelFlag;
    lock.unlock();

    try {
      auto job = store_.find(entry.id);
      if (job && job->status == JobStatus::Queued) {
        runner_.run(*job, cancelFlag, shutdown_);
      }
    } catch (const std::exception& e) {
      // The store failed under the runner (disk full, I/O error). The job stays
      // as last committed and is resumed on the next start.
      log_->error("job={}: could not be run: {}", entry.id, e.what());
    }

    lock.lock();
    cancelFlags_.erase(entry.id);
    if (!entry.cluster.empty()) releaseClusterLocked(entry.cluster);
    changed_.notify_all();
  }
  --liveWorkers_;
  changed_.notify_all();
}

bool Scheduler::stop(std::chrono::milliseconds grace) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (!started_) return true;
  stopping_ = true;
  shutdown_->raise();
  changed_.notify_all();
  bool allStopped = changed_.wait_for(lock, grace, [this] { return liveWorkers_ == 0; });
  started_ = false;
  lock.unlock();
  for (auto& worker : workers_) {
    if (allStopped) worker.join();
    else worker.detach();
  }
  workers_.clear();
  return allStopped;
}

size_t Scheduler::queuedCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return queued_;
}

size_t Scheduler::runningCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return cancelFlags_.size();
}

bool Scheduler::running() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return started_ && !stopping_;
}

}  // namespace cf
