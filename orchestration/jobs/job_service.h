// The orchestration's front door, used by the HTTP handlers: submit a job of
// any kind, read jobs, cancel one, and read the observed clusters.
//
// submit() observes the request's cluster and lets the request refuse itself
// on what it sees (JobRequest), then commits the job to the store, so that an
// accepted job survives a crash, before handing it to the scheduler.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>
#include <spdlog/logger.h>

#include "orchestration/jobs/job_request.h"
#include "orchestration/jobs/job_store.h"
#include "orchestration/jobs/journaling_backend.h"
#include "orchestration/jobs/job_scheduler.h"
#include "orchestration/jobs/workflow_catalog.h"
#include "orchestration/model/cluster_backend.h"
#include "orchestration/model/win32_error.h"

namespace cf {

using SubmitOutcome = std::variant<Job, Refusal>;

// What a request would do, found without doing it: the changes in order, or
// the refusal it would earn (up front, or from the step that would fail).
struct DryRun {
  std::vector<JournalEntry> changes;
  std::optional<Refusal> refusal;
  std::string failedStep;             // the step that would fail, when refused while planning
  std::optional<BackendError> win32;  // that failure's Win32 error, when it is one
};

struct ClusterView {
  ClusterState state;
  std::optional<Job> lastJob;
};

// A cluster the backend lists but could not read just now (down, or its
// name's computer account not yet replicated): one such cluster must not hide
// the others from a list.
struct UnreachableCluster {
  std::string name;
  BackendError error;
};

struct ClusterListing {
  std::vector<ClusterView> clusters;
  std::vector<UnreachableCluster> unreachable;
};

class JobService {
 public:
  JobService(JobStore& store, JobScheduler& scheduler, ClusterBackend& backend, const WorkflowCatalog& catalog,
             SecretBox& secrets, std::shared_ptr<spdlog::logger> log);

  // Throws BackendFailure when a cluster the request needs cannot be observed,
  // and std::logic_error for a kind the catalog does not know (a bug).
  // `alongside` is written with the job (JobStore::insertWith).
  SubmitOutcome submit(const JobRequest& request, const JobStore::Alongside& alongside = nullptr);
  // The job's steps run against a JournalingBackend in plan mode: reads reach
  // the backend, changes are only written down. Validation steps are skipped
  // (they change nothing). Nothing is stored and no job is made.
  DryRun dryRun(const JobRequest& request);

  std::optional<Job> job(const std::string& id) { return store_.find(id); }
  std::optional<Job> jobByRequestKey(const std::string& requestKey) { return store_.findByRequestKey(requestKey); }
  JobPage jobs(const JobQuery& query) { return store_.list(query); }
  std::vector<JobEvent> events(const std::string& id, int64_t after, int limit) {
    return store_.events(id, after, limit);
  }
  // Requests cancellation; returns the job as it now stands, or nullopt if unknown.
  std::optional<Job> cancel(const std::string& id);

  // Observed state; throws BackendFailure when the backend cannot answer.
  std::optional<ClusterView> cluster(const std::string& name);
  ClusterListing clusters();

 private:
  // The refusal the request earns on its cluster as observed now, if any;
  // `observed` is set to the cluster seen.
  std::optional<Refusal> checkAgainstCluster(const JobRequest& request, std::optional<ClusterState>& observed);
  // The 422 the request earns on its servers' facts, when they are at hand.
  std::optional<Refusal> checkAgainstServers(const JobRequest& request);
  // Both checks: the cluster first, then the servers.
  std::optional<Refusal> checkBeforeAccepting(const JobRequest& request, std::optional<ClusterState>& observed);

  JobStore& store_;
  JobScheduler& scheduler_;
  ClusterBackend& backend_;
  const WorkflowCatalog& catalog_;
  SecretBox& secrets_;
  std::shared_ptr<spdlog::logger> log_;
};

// A new job id: a UUID of version 7 (RFC 9562), the creation time in
// milliseconds then 74 random bits. Ids made close in time sort close
// together, so the inserts a group commit makes touch a few index pages, not
// one random page per job in the index on id and in each job's events.
std::string newJobId();

}  // namespace cf
