// What the service asks of whatever runs its jobs: Scheduler (one instance,
// its own queue in memory) or LeasedScheduler (several instances, the queue
// in the shared database).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "orchestration/jobs/job.h"

namespace cf {

class JobScheduler {
 public:
  virtual ~JobScheduler() = default;

  // Resumes what was left unfinished, then starts the workers.
  virtual void start() = 0;
  // Schedules a job already inserted in the store.
  virtual void enqueue(const Job& job) = 0;
  // Raises the cancel flag of a job running here; a queued one is canceled
  // by the runner when it comes up, because the store holds its flag.
  virtual void cancel(const std::string& jobId) = 0;
  // Returns true when every worker stopped within `grace`.
  virtual bool stop(std::chrono::milliseconds grace) = 0;

  virtual size_t queuedCount() const = 0;
  virtual size_t runningCount() const = 0;
  virtual bool running() const = 0;
};

}  // namespace cf
