#include "orchestration/workflows/standard_catalog.h"

#include "orchestration/specs/cluster_apply_spec.h"
#include "orchestration/specs/cluster_lifecycle_spec.h"
#include "orchestration/specs/network_spec.h"
#include "orchestration/specs/node_preparation_spec.h"
#include "orchestration/specs/quorum_spec.h"
#include "orchestration/specs/validation_spec.h"
#include "orchestration/workflows/cluster_lifecycle_steps.h"
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
StepList applySteps(const nlohmann::json& spec, SecretBox& secrets, ReportStore& reports) {
  StepList steps;
  if (spec.contains("prepare")) append(steps, makeNodePreparationSteps(spec, "/prepare"));
  if (spec.contains("validateBefore")) {
    steps.push_back(makeValidationStep(reports, {"validateBefore", "/validateBefore", "-before", true}));
  }
  append(steps, makeCreateClusterSteps("/cluster", spec.contains("quorum") ? "/quorum" : ""));
  if (spec.contains("networks")) append(steps, makeNetworkSteps("/networks"));
  if (spec.contains("quorum")) append(steps, makeQuorumSteps(spec, secrets, "/quorum"));
  if (spec.contains("validateAfter")) {
    steps.push_back(makeValidationStep(reports, {"validateAfter", "/validateAfter", "-after", true}));
  }
  return steps;
}

}  // namespace

WorkflowCatalog standardCatalog(SecretBox& secrets, ReportStore& reports) {
  WorkflowCatalog catalog;
  // Version 2: nodes are added and heartbeat settings set (addNodes, setClusterProperties).
  catalog.add({kClusterCreateKind, 2, 1, {}, [](const nlohmann::json&) { return makeCreateClusterSteps(); }});
  catalog.add({kClusterApplyKind,
               2,
               kNetworkSpecStoredVersion,
               {storedApplySpecV1toV2},
               [&secrets, &reports](const nlohmann::json& spec) { return applySteps(spec, secrets, reports); }});
  catalog.add(
      {kConfigureNetworksKind, 1, kNetworkSpecStoredVersion, {storedNetworkSpecV1toV2}, [](const nlohmann::json&) {
         return makeNetworkSteps();
       }});
  catalog.add({kConfigureQuorumKind, 1, 1, {}, [&secrets](const nlohmann::json& spec) {
                 return makeQuorumSteps(spec, secrets);
               }});
  catalog.add({kValidationKind, 1, 1, {}, [&reports](const nlohmann::json&) {
                 StepList steps;
                 steps.push_back(makeValidationStep(reports, {}));
                 return steps;
               }});
  catalog.add({kEvictNodeKind, 1, 1, {}, [](const nlohmann::json&) { return makeEvictNodeSteps(); }});
  catalog.add(
      {kDestroyClusterKind, 1, 1, {}, [](const nlohmann::json& spec) { return makeDestroyClusterSteps(spec); }});
  catalog.add({kPrepareNodesKind, 1, 1, {}, [](const nlohmann::json& spec) { return makeNodePreparationSteps(spec); }});
  return catalog;
}

}  // namespace cf
