#include "orchestration/workflow_catalog.h"

#include "orchestration/workflows/create_cluster_steps.h"

namespace cf {

WorkflowCatalog WorkflowCatalog::standard() {
  WorkflowCatalog catalog;
  catalog.add(jobkind::kClusterCreate, makeCreateClusterSteps);
  return catalog;
}

void WorkflowCatalog::add(const std::string& kind, Factory factory) { factories_[kind] = std::move(factory); }

StepList WorkflowCatalog::stepsFor(const std::string& kind) const { return factories_.at(kind)(); }

std::vector<std::string> WorkflowCatalog::stepNames(const std::string& kind) const {
  std::vector<std::string> names;
  for (const auto& step : stepsFor(kind)) names.push_back(step->name());
  return names;
}

std::vector<std::string> WorkflowCatalog::kinds() const {
  std::vector<std::string> out;
  for (const auto& [kind, factory] : factories_) out.push_back(kind);
  return out;
}

}  // namespace cf
