#include "orchestration/jobs/scheduler.h"

#include <algorithm>

#include "orchestration/common/clock.h"

namespace cf {

Scheduler::Scheduler(JobStore& store, JobRunner& runner, size_t workers, std::shared_ptr<spdlog::logger> log,
                     std::shared_ptr<Metrics> metrics)
    : store_(store),
      runner_(runner),
      workerCount_(std::max<size_t>(1, workers)),
      log_(std::move(log)),
      metrics_(std::move(metrics)) {
  metrics_->declareHistogram("clusterforge_job_queue_wait_seconds",
                             "How long jobs waited for a worker (or for their cluster to be free).", {},
                             Metrics::durationBuckets());
  metrics_->declareGauge("clusterforge_oldest_queued_job_age_seconds",
                         "How long the oldest queued job has waited; 0 with none queued.", {}, [this] {
                           std::lock_guard<std::mutex> lock(mutex_);
                           double oldest = 0;
                           auto now = std::chrono::steady_clock::now();
                           for (const auto& e : queue_) {
                             oldest = std::max(oldest, std::chrono::duration<double>(now - e.queuedAt).count());
                           }
                           return std::map<Metrics::Labels, double>{{{}, oldest}};
                         });
}

Scheduler::~Scheduler() {
  stop(std::chrono::seconds(30));
  metrics_->undeclare("clusterforge_oldest_queued_job_age_seconds");  // its reader reads this scheduler
}

void Scheduler::start() {
  auto unfinished = store_.unfinished();
  for (auto& job : unfinished) {
    if (job.status == JobStatus::Running) {
      markRequeued(job);
      size_t next = job.firstUnfinishedStep();
      std::string at = next < job.steps.size() ? job.steps[next].name : "end";
      store_.update(job, {JobEvent{0, nowRfc3339(), EventLevel::Warning, "",
                                   "the service stopped while this job ran; resuming at step " + at}});
      log_->warn("job={} kind={} cluster={}: recovered after an interrupted run; resuming at step {}", job.id, job.kind,
                 job.cluster, at);
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& job : unfinished) queue_.push_back({job.seq, job.id, job.cluster});
  if (!unfinished.empty()) log_->info("{} unfinished job(s) scheduled after start-up", unfinished.size());
  started_ = true;
  for (size_t i = 0; i < workerCount_; ++i) {
    ++liveWorkers_;
    workers_.emplace_back([this] { workerLoop(); });
  }
}

void Scheduler::enqueue(const Job& job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back({job.seq, job.id, job.cluster});
  }
  changed_.notify_all();
}

void Scheduler::cancel(const std::string& jobId) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = cancelFlags_.find(jobId);
  if (it != cancelFlags_.end()) it->second->raise();
}

std::optional<size_t> Scheduler::nextRunnable() const {
  for (size_t i = 0; i < queue_.size(); ++i) {
    const auto& cluster = queue_[i].cluster;
    if (cluster.empty() || !busyClusters_.count(cluster)) return i;
  }
  return std::nullopt;
}

void Scheduler::workerLoop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    changed_.wait(lock, [this] { return stopping_ || nextRunnable().has_value(); });
    if (stopping_) break;
    size_t index = *nextRunnable();
    Entry entry = queue_[index];
    queue_.erase(queue_.begin() + static_cast<std::ptrdiff_t>(index));
    metrics_->observe("clusterforge_job_queue_wait_seconds", {},
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - entry.queuedAt).count());
    if (!entry.cluster.empty()) busyClusters_.insert(entry.cluster);
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
    if (!entry.cluster.empty()) busyClusters_.erase(entry.cluster);
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
  return queue_.size();
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
