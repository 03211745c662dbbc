// The cluster a configuration job works on, observed now. A job on a cluster
// that does not exist cannot converge: that is a conflict, not a retry.
#pragma once

#include "orchestration/jobs/step.h"

namespace cf {

ClusterState existingCluster(StepContext& ctx, const std::string& name);

}  // namespace cf
