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
#include "orchestration/cluster_model.h"
#include "orchestration/job_store.h"
#include "orchestration/scheduler.h"
#include "orchestration/workflow_catalog.h"

namespace cf {

struct Conflict {
  std::string code;
  std::string detail;
};

using SubmitOutcome = std::variant<Job, Conflict>;

struct ClusterView {
  ClusterState state;
  std::optional<Job> lastJob;
};

class JobService {
 public:
  JobService(JobStore& store, Scheduler& scheduler, ClusterBackend& backend, const WorkflowCatalog& catalog,
             std::shared_ptr<spdlog::logger> log);

  SubmitOutcome applyCluster(const ClusterSpec& spec);

  std::optional<Job> job(const std::string& id) { return store_.find(id); }
  JobPage jobs(const JobQuery& query) { return store_.list(query); }
  std::vector<JobEvent> events(const std::string& id, int64_t after, int limit) {
    return store_.events(id, after, limit);
  }
  // Requests cancellation; returns the job as it now stands, or nullopt if unknown.
  std::optional<Job> cancel(const std::string& id);

  // Observed state; throws BackendFailure when the backend cannot answer.
  std::optional<ClusterView> cluster(const std::string& name);
  std::vector<ClusterView> clusters();

  ClusterBackend& backend() { return backend_; }
  Scheduler& scheduler() { return scheduler_; }

 private:
  Job submit(const std::string& kind, const std::string& cluster, nlohmann::json spec);

  JobStore& store_;
  Scheduler& scheduler_;
  ClusterBackend& backend_;
  const WorkflowCatalog& catalog_;
  std::shared_ptr<spdlog::logger> log_;
};

// A new random job id (a UUID, version 4).
std::string newJobId();

}  // namespace cf
