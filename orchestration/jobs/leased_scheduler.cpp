#include "orchestration/jobs/leased_scheduler.h"

#include <algorithm>

#include "orchestration/common/clock.h"
#include "orchestration/jobs/queue_metrics.h"

namespace cf {

namespace {

// How long ago an RFC 3339 time this service wrote was; 0 for anything else.
double secondsSince(const std::string& time) {
  auto then = parseRfc3339(time);
  if (!then) return 0;
  return std::max(0.0, std::chrono::duration<double>(std::chrono::system_clock::now() - *then).count());
}

}  // namespace

LeasedScheduler::LeasedScheduler(JobStore& store, JobLeases& leases, JobRunner& runner, size_t workers,
                                 LeaseTiming timing, InstanceInfo self, std::shared_ptr<spdlog::logger> log,
                                 std::shared_ptr<Metrics> metrics)
    : store_(store),
      leases_(leases),
      runner_(runner),
      workerCount_(std::max<size_t>(1, workers)),
      timing_(timing),
      self_(std::move(self)),
      log_(std::move(log)),
      metrics_(std::move(metrics)) {
  declareQueueMetrics(*metrics_, [this] {
    std::lock_guard<std::mutex> lock(mutex_);
    return queue_.oldestQueuedAt ? secondsSince(*queue_.oldestQueuedAt) : 0.0;
  });
}

LeasedScheduler::~LeasedScheduler() {
  stop(std::chrono::seconds(30));
  metrics_->undeclare(kOldestQueuedMetric);  // its reader reads this scheduler
}

void LeasedScheduler::start() {
  leases_.announce(self_);
  std::lock_guard<std::mutex> lock(mutex_);
  started_ = true;
  queue_ = leases_.queue();
  for (size_t i = 0; i < workerCount_; ++i) {
    ++liveWorkers_;
    workers_.emplace_back([this] { workerLoop(); });
  }
  heartbeat_ = std::thread([this] { heartbeatLoop(); });
  log_->info("instance {} takes jobs from the shared queue ({} queued); leases last {} ms", leases_.owner(),
             queue_.queued, timing_.lease.count());
}

void LeasedScheduler::enqueue(const Job&) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++queue_.queued;
  woken_ = true;
  changed_.notify_all();
}

void LeasedScheduler::jobChanged(const std::string& jobId) {
  bool runsHere = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    woken_ = true;
    runsHere = running_.count(jobId) > 0;
  }
  changed_.notify_all();
  // A cancel asked for on another instance reaches the run here at once.
  if (runsHere) {
    auto job = store_.find(jobId);
    if (job && job->cancelRequested) cancel(jobId);
  }
}

void LeasedScheduler::cancel(const std::string& jobId) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = running_.find(jobId);
  if (it != running_.end()) it->second.cancel->raise();
}

std::optional<std::string> LeasedScheduler::claim() {
  try {
    auto id = leases_.claimNext(timing_.lease);
    if (claimFailing_) log_->info("jobs are claimed from the shared queue again");
    claimFailing_ = false;
    return id;
  } catch (const std::exception& e) {
    if (!claimFailing_) log_->error("cannot claim jobs from the shared queue: {}; trying again", e.what());
    claimFailing_ = true;
    return std::nullopt;
  }
}

void LeasedScheduler::workerLoop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    if (claiming_) {
      changed_.wait(lock);
      continue;
    }
    claiming_ = true;
    woken_ = false;
    lock.unlock();
    auto jobId = claim();
    lock.lock();
    claiming_ = false;
    if (!jobId) {
      changed_.notify_all();  // another idle worker may take the claiming turn when woken
      changed_.wait_for(lock, timing_.pollInterval, [this] { return stopping_ || woken_; });
      continue;
    }
    if (stopping_) {
      lock.unlock();
      leases_.release(*jobId);
      lock.lock();
      break;
    }
    Run run = running_[*jobId];
    if (queue_.queued > 0) --queue_.queued;
    changed_.notify_all();  // more jobs may be claimable: let another idle worker look
    lock.unlock();
    runClaimed(*jobId, run);
    lock.lock();
    running_.erase(*jobId);
    woken_ = true;
  }
  --liveWorkers_;
  changed_.notify_all();
}

void LeasedScheduler::runClaimed(const std::string& jobId, const Run& run) {
  try {
    auto job = store_.find(jobId);
    if (job && job->attempt == 0) metrics_->observe(kQueueWaitMetric, {}, secondsSince(job->createdAt));
    if (job && job->status == JobStatus::Running) {
      markRequeued(*job);
      size_t next = job->firstUnfinishedStep();
      std::string at = next < job->steps.size() ? job->steps[next].name : "end";
      store_.update(*job, {JobEvent{0, nowRfc3339(), EventLevel::Warning, "",
                                    "the instance that ran this job stopped or lost its lease; instance " +
                                        leases_.owner() + " resumes it at step " + at}});
      log_->warn("job={} kind={} cluster={}: taken over from an instance that stopped; resuming at step {}", job->id,
                 job->kind, job->cluster, at);
    }
    if (job && job->status == JobStatus::Queued) runner_.run(*job, run.cancel, run.stop);
  } catch (const std::exception& e) {
    // The store failed under the runner, or the lease was lost: the job stays
    // as last committed and whoever holds it next resumes it.
    log_->error("job={}: could not be run here: {}", jobId, e.what());
  }
  try {
    leases_.release(jobId);
  } catch (const std::exception& e) {
    log_->warn("job={}: its lease could not be given up ({}); it lapses in {} ms", jobId, e.what(),
               timing_.lease.count());
  }
}

void LeasedScheduler::heartbeatLoop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    std::vector<std::string> ids;
    for (const auto& [id, run] : running_) ids.push_back(id);
    lock.unlock();
    std::vector<HeldLease> held;
    bool renewed = false;
    QueueSummary queue;
    try {
      leases_.announce(self_);
      held = leases_.renew(ids, timing_.lease);
      queue = leases_.queue();
      renewed = true;
      if (heartbeatFailing_) log_->info("the heartbeat reaches the database again");
      heartbeatFailing_ = false;
    } catch (const std::exception& e) {
      if (!heartbeatFailing_) {
        log_->error("the heartbeat cannot reach the database ({}); the jobs running here stop before their leases "
                    "lapse, and whichever instance reaches it first resumes them",
                    e.what());
      }
      heartbeatFailing_ = true;
    }
    lock.lock();
    if (renewed) queue_ = queue;
    for (const auto& id : ids) {
      auto it = running_.find(id);
      if (it == running_.end()) continue;
      auto lease = std::find_if(held.begin(), held.end(), [&](const HeldLease& h) { return h.jobId == id; });
      if (lease == held.end()) {
        // Not renewed: another instance may take the job as soon as the
        // lease lapses, so this run must stop now, not later.
        if (renewed) log_->error("job={}: this instance lost its lease; the run stops here", id);
        it->second.stop->raise();
      } else if (lease->cancelRequested) {
        it->second.cancel->raise();
      }
    }
    changed_.wait_for(lock, timing_.lease / 3, [this] { return stopping_; });
  }
}

bool LeasedScheduler::stop(std::chrono::milliseconds grace) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (!started_) return true;
  stopping_ = true;
  for (auto& [id, run] : running_) run.stop->raise();
  changed_.notify_all();
  bool allStopped = changed_.wait_for(lock, grace, [this] { return liveWorkers_ == 0; });
  started_ = false;
  lock.unlock();
  heartbeat_.join();
  for (auto& worker : workers_) {
    if (allStopped) worker.join();
    else worker.detach();
  }
  workers_.clear();
  return allStopped;
}

size_t LeasedScheduler::queuedCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return queue_.queued;
}

size_t LeasedScheduler::runningCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return running_.size();
}

bool LeasedScheduler::running() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return started_ && !stopping_;
}

}  // namespace cf
