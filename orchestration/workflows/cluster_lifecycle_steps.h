// The steps that end a membership.
//
// cluster.evictNode:
//   evictNode       - EvictClusterNodeEx, unless the node is already gone;
//                     refused when it would lose quorum or is the last node;
//   verifyNodeClean - the node reads back as free to join another cluster.
// cluster.destroy:
//   destroyCluster        - groups offline, DestroyCluster (unless already gone);
//   deleteComputerAccount - (when asked) the disabled cluster name object;
//   removeWitnessShare    - (when asked) the file share witness, only if its
//                           mark says ClusterForge made it, and its folder only
//                           if ClusterForge made that too.
#pragma once

#include <nlohmann/json.hpp>

#include "orchestration/jobs/step.h"

namespace cf {

StepList makeEvictNodeSteps();
StepList makeDestroyClusterSteps(const nlohmann::json& storedSpec);

}  // namespace cf
