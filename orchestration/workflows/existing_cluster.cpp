#include "orchestration/workflows/existing_cluster.h"

namespace cf {

ClusterState existingCluster(StepContext& ctx, const std::string& name) {
  auto cluster = ctx.backend().findCluster(name, ctx.op());
  if (!cluster) throw StepConflict("clusterNotFound", "cluster " + name + " does not exist");
  return *cluster;
}

}  // namespace cf
