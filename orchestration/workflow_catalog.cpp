#include "orchestration/workflow_catalog.h"

#include "orchestration/workflows/create_cluster_steps.h"
#include "orchestration/workflows/network_steps.h"
#include "orchestration/workflows/quorum_steps.h"

namespace cf {

WorkflowCatalog WorkflowCatalog::standard(SecretBox& secrets) {
  WorkflowCatalog catalog;
  catalog.add(jobkind::kClusterCreate, [](const nlohmann::json&) { return makeCreateClusterSteps(); });
  catalog.add(jobkind::kConfigureNetworks, [](const nlohmann::json&) { return makeNetworkSteps(); });
  catalog.add(jobkind::kConfigureQuorum,
              [&secrets](const nlohmann::json& spec) { return makeQuorumSteps(spec, secrets); });
  return catalog;
}

void WorkflowCatalog::add(const std::string& kind, Factory factory) { factories_[kind] = std::move(factory); }

StepList WorkflowCatalog::stepsFor(const std::string& kind, const nlohmann::json& spec) const {
  return factories_.at(kind)(spec);
}

std::vector<std::string> WorkflowCatalog::stepNames(const std::string& kind, const nlohmann::json& spec) const {
  std::vector<std::string> names;
  for (const auto& step : stepsFor(kind, spec)) names.push_back(step->name());
  return names;
}

std::vector<std::string> WorkflowCatalog::kinds() const {
  std::vector<std::string> out;
  for (const auto& [kind, factory] : factories_) out.push_back(kind);
  return out;
}

}  // namespace cf
