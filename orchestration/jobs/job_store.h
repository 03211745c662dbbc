// Durable home of jobs and their event logs, declared here and implemented in
// storage/ (SQLite). The engine commits through it before it reports anything:
// when insert() or update() returns, the change survives a crash.
//
// Listing is keyset-paged, newest first: a page is "up to `limit` jobs with a
// seq below `beforeSeq`", so its cost grows with the page, not the table.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "orchestration/jobs/job.h"

namespace cf {

struct JobQuery {
  std::optional<JobStatus> status;
  std::optional<std::string> kind;
  std::optional<std::string> cluster;
  int limit = 50;
  std::optional<int64_t> beforeSeq;
};

struct JobPage {
  std::vector<Job> jobs;
  std::optional<int64_t> nextBeforeSeq;  // set when more jobs may follow
};

struct QueuedJob {
  int64_t seq = 0;
  std::string id;
  std::string cluster;
};

class JobStore {
 public:
  virtual ~JobStore() = default;

  // Another store's write that belongs with a new job: the audit record of
  // the request that submitted it. It runs before insertWith() returns, in
  // the job's own commit where the database allows (the SQLite stores share
  // one connection), else right after it; when it throws, so does the insert
  // (and in the same commit, nothing of either is kept).
  using Alongside = std::function<void(const Job&)>;

  // Stores a new job and its first events; assigns job.seq.
  void insert(Job& job, const std::vector<JobEvent>& events) { insertWith(job, events, nullptr); }
  // The same, with `alongside` (may be empty).
  virtual void insertWith(Job& job, const std::vector<JobEvent>& events, const Alongside& alongside) = 0;
  // Replaces the job's row and appends events, in one transaction.
  virtual void update(const Job& job, const std::vector<JobEvent>& events) = 0;
  // Sets cancelRequested on a job that is not terminal; returns the job as stored
  // after the change, or nullopt when there is no such job.
  virtual std::optional<Job> requestCancel(const std::string& id) = 0;

  virtual std::optional<Job> find(const std::string& id) = 0;
  // The job submitted under this request key (Job::requestKey), if any.
  virtual std::optional<Job> findByRequestKey(const std::string& requestKey) = 0;
  virtual JobPage list(const JobQuery& query) = 0;
  // Events with sequence > afterSequence, oldest first, at most `limit`.
  virtual std::vector<JobEvent> events(const std::string& id, int64_t afterSequence, int limit) = 0;
  // What start-up resumes, oldest first: the running jobs whole (they go
  // back to the queue), the queued ones only as the scheduler needs them, so
  // that a long queue is scheduled without reading every spec.
  virtual std::vector<Job> running() = 0;
  virtual std::vector<QueuedJob> queued() = 0;
  // The newest job for a cluster, if any.
  virtual std::optional<Job> latestForCluster(const std::string& cluster) = 0;
};

}  // namespace cf
