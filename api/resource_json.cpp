#include "api/resource_json.h"

#include "orchestration/jobs/workflow_catalog.h"
#include "orchestration/model/cluster_json.h"

namespace cf::api {

namespace {
nlohmann::json timeOrNull(const std::string& t) { return t.empty() ? nlohmann::json() : nlohmann::json(t); }

// A stored spec keeps secrets sealed ({"sealed": "..."}); no answer shows even
// the sealed form.
nlohmann::json withoutSecrets(nlohmann::json value) {
  if (value.is_object()) {
    if (value.contains("sealed")) return "(secret)";
    for (auto& [key, member] : value.items()) member = withoutSecrets(member);
  } else if (value.is_array()) {
    for (auto& item : value) item = withoutSecrets(item);
  }
  return value;
}
// The job's spec as a client sees it: without secrets, and without the
// stored form's bookkeeping.
nlohmann::json apiView(const nlohmann::json& storedSpec) {
  auto view = withoutSecrets(storedSpec);
  if (view.is_object()) view.erase(kSpecSchemaVersionKey);
  return view;
}
}  // namespace

std::string jobPath(const std::string& id) { return "/v1/jobs/" + id; }

nlohmann::json jobToJson(const Job& job) {
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& s : job.steps) {
    steps.push_back({{"name", s.name},
                     {"status", toString(s.status)},
                     {"startedAt", timeOrNull(s.startedAt)},
                     {"finishedAt", timeOrNull(s.finishedAt)},
                     {"message", s.message}});
  }
  std::string current = job.currentStep();
  nlohmann::json links = {{"self", jobPath(job.id)}, {"events", jobPath(job.id) + "/events"}};
  if (!isTerminal(job.status)) links["cancel"] = jobPath(job.id) + "/cancel";
  if (!job.cluster.empty()) links["cluster"] = "/v1/clusters/" + job.cluster;
  return {{"id", job.id},
          {"kind", job.kind},
          {"status", toString(job.status)},
          {"cluster", job.cluster.empty() ? nlohmann::json() : nlohmann::json(job.cluster)},
          {"cancelRequested", job.cancelRequested},
          {"createdAt", job.createdAt},
          {"startedAt", timeOrNull(job.startedAt)},
          {"finishedAt", timeOrNull(job.finishedAt)},
          {"attempt", job.attempt},
          {"spec", apiView(job.spec)},
          {"progress",
           {{"percent", job.percent},
            {"currentStep", current.empty() ? nlohmann::json() : nlohmann::json(current)},
            {"steps", steps}}},
          {"error", job.error},
          {"result", job.result},
          {"links", links}};
}

nlohmann::json eventToJson(const JobEvent& event) {
  return {{"sequence", event.sequence},
          {"time", event.time},
          {"level", toString(event.level)},
          {"step", event.step.empty() ? nlohmann::json() : nlohmann::json(event.step)},
          {"message", event.message}};
}

nlohmann::json clusterToJson(const ClusterView& cluster) {
  auto out = toJson(cluster.state);
  out["lastJob"] = cluster.lastJob ? nlohmann::json({{"id", cluster.lastJob->id},
                                                     {"kind", cluster.lastJob->kind},
                                                     {"status", toString(cluster.lastJob->status)},
                                                     {"href", jobPath(cluster.lastJob->id)}})
                                   : nlohmann::json();
  out["links"] = {{"self", "/v1/clusters/" + cluster.state.name}, {"jobs", "/v1/jobs?cluster=" + cluster.state.name}};
  return out;
}

}  // namespace cf::api
