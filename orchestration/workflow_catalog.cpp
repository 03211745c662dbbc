#include "orchestration/workflow_catalog.h"

#include "orchestration/workflows/create_cluster_steps.h"
#include "orchestration/workflows/network_steps.h"
#include "orchestration/workflows/node_preparation_steps.h"
#include "orchestration/workflows/quorum_steps.h"
#include "orchestration/workflows/validation_steps.h"

namespace cf {

namespace {

void append(StepList& steps, StepList more) {
  for (auto& step : more) steps.push_back(std::move(step));
}

// The whole runbook in its order; each part reads its own section of the spec.
StepList makeApplySteps(const nlohmann::json& spec, SecretBox& secrets, ReportStore& reports) {
  StepList steps;
  if (spec.contains("prepare")) append(steps, makeNodePreparationSteps(spec, "/prepare"));
  if (spec.contains("validateBefore")) {
    steps.push_back(makeValidationStep(reports, {"validateBefore", "/validateBefore", "-before", true}));
  }
  append(steps, makeCreateClusterSteps("/cluster"));
  if (spec.contains("networks")) append(steps, makeNetworkSteps("/networks"));
  if (spec.contains("quorum")) append(steps, makeQuorumSteps(spec, secrets, "/quorum"));
  if (spec.contains("validateAfter")) {
    steps.push_back(makeValidationStep(reports, {"validateAfter", "/validateAfter", "-after", true}));
  }
  return steps;
}

}  // namespace

WorkflowCatalog WorkflowCatalog::standard(SecretBox& secrets, ReportStore& reports) {
  WorkflowCatalog catalog;
  catalog.add(jobkind::kClusterApply,
              [&secrets, &reports](const nlohmann::json& spec) { return makeApplySteps(spec, secrets, reports); });
  catalog.add(jobkind::kValidation, [&reports](const nlohmann::json&) {
    StepList steps;
    steps.push_back(makeValidationStep(reports, {}));
    return steps;
  });
  catalog.add(jobkind::kPrepareNodes, [](const nlohmann::json& spec) { return makeNodePreparationSteps(spec); });
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
