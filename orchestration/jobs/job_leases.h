// Claims on jobs by the service instances that share one database, declared
// here and implemented in storage/ (PostgreSQL). The database is the only
// coordinator: a job runs where its lease is held, a lease is renewed by a
// heartbeat while the job runs, and a lease that was not renewed in time
// (its instance died) lets another instance take the job over, at its step,
// exactly as a restart resumes it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace cf {

struct HeldLease {
  std::string jobId;
  bool cancelRequested = false;
};

struct QueueSummary {
  size_t queued = 0;
  std::optional<std::string> oldestQueuedAt;  // RFC 3339, the oldest queued job's creation
};

struct InstanceInfo {
  std::string id;
  std::string address;  // where it listens, as configured
  std::string version;
  std::string startedAt;          // RFC 3339
  std::string heartbeatAt;        // RFC 3339, the database's clock
  std::vector<std::string> jobs;  // the jobs it holds leases on
};

class JobLeases {
 public:
  virtual ~JobLeases() = default;

  // This instance's id, the owner of its leases.
  virtual const std::string& owner() const = 0;
  // Leases to this instance, for `ttl`, the oldest job that may run now, and
  // returns its id: a queued job, or a started one whose lease lapsed, that
  // no earlier unfinished job of the same cluster precedes. So a cluster
  // runs one job at a time, in submit order, across all instances.
  virtual std::optional<std::string> claimNext(std::chrono::milliseconds ttl) = 0;
  // Extends this instance's leases on `jobIds`; returns those still held
  // (with whether a cancel was asked for on any instance). A job missing
  // from the answer was taken over: its run must stop at once.
  virtual std::vector<HeldLease> renew(const std::vector<std::string>& jobIds, std::chrono::milliseconds ttl) = 0;
  // Gives a lease up (the run ended or reached a checkpoint at shutdown).
  virtual void release(const std::string& jobId) = 0;
  // The jobs waiting in the queue, on every instance.
  virtual QueueSummary queue() = 0;

  // Records this instance as alive now.
  virtual void announce(const InstanceInfo& self) = 0;
  // Instances whose last heartbeat is within `within`, with their jobs.
  virtual std::vector<InstanceInfo> instances(std::chrono::milliseconds within) = 0;
};

}  // namespace cf
