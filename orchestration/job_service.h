// The orchestration's front door, used by the HTTP handlers: start jobs,
// read them, and read the observed clusters.
//
// Submitting a job commits it to the store (so an accepted job survives a
// crash) before handing it to the scheduler. Requests that can be refused
// without running anything (a PUT naming other nodes than an existing cluster
// has) are refused here, synchronously, as a Conflict.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>
#include <spdlog/logger.h>

#include "orchestration/cluster_backend.h"
#include "orchestration/win32_error.h"
#include "orchestration/cluster_model.h"
#include "orchestration/cluster_apply_spec.h"
#include "orchestration/job_store.h"
#include "orchestration/report_store.h"
#include "orchestration/network_spec.h"
#include "orchestration/quorum_spec.h"
#include "orchestration/scheduler.h"
#include "orchestration/workflow_catalog.h"

namespace cf {

// A request refused before any job starts: a conflict with the cluster as it
// is (409), a cluster that does not exist (404), or fields that cannot work
// on this cluster (422, with `errors`).
struct Refusal {
  int status = 409;
  std::string code;
  std::string detail;
  FieldErrors errors;
};

using SubmitOutcome = std::variant<Job, Refusal>;

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
  JobService(JobStore& store, ReportStore& reports, Scheduler& scheduler, ClusterBackend& backend,
             const WorkflowCatalog& catalog, SecretBox& secrets, std::shared_ptr<spdlog::logger> log);

  // cluster.create for a plain spec, cluster.apply when it has runbook sections.
  SubmitOutcome applyCluster(const ClusterApplySpec& spec);
  SubmitOutcome validate(const ValidationSpec& spec);
  SubmitOutcome prepareNodes(const NodePreparationSpec& spec);
  SubmitOutcome configureNetworks(const NetworkSpec& spec);
  SubmitOutcome configureQuorum(const QuorumSpec& spec);

  std::optional<Job> job(const std::string& id) { return store_.find(id); }
  JobPage jobs(const JobQuery& query) { return store_.list(query); }
  std::vector<JobEvent> events(const std::string& id, int64_t after, int limit) {
    return store_.events(id, after, limit);
  }
  // Requests cancellation; returns the job as it now stands, or nullopt if unknown.
  std::optional<Job> cancel(const std::string& id);

  // Observed state; throws BackendFailure when the backend cannot answer.
  std::optional<ClusterView> cluster(const std::string& name);
  ClusterListing clusters();

  ClusterBackend& backend() { return backend_; }
  ReportStore& reports() { return reports_; }
  Scheduler& scheduler() { return scheduler_; }

 private:
  Job submit(const std::string& kind, const std::string& cluster, nlohmann::json spec);
  // The cluster observed now, or the 404 refusal when there is none.
  std::variant<ClusterState, Refusal> observeForRequest(const std::string& cluster);

  // The checks a quorum spec must pass on an existing cluster; pointers under `prefix`.
  FieldErrors quorumProblems(const ClusterState& cluster, const QuorumSpec& spec, const std::string& prefix);

  JobStore& store_;
  ReportStore& reports_;
  Scheduler& scheduler_;
  ClusterBackend& backend_;
  const WorkflowCatalog& catalog_;
  SecretBox& secrets_;
  std::shared_ptr<spdlog::logger> log_;
};

// A new random job id (a UUID, version 4).
std::string newJobId();

}  // namespace cf
