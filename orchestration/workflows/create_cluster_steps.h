// The steps of creating (or converging) a cluster, in runbook order:
//   checkNodes           - every node exists, answers, has Failover Clustering
//                          and is free or already this cluster's, before
//                          anything changes;
//   createCluster        - CreateCluster, unless the cluster exists (a cluster
//                          with nodes the spec leaves out is a conflict);
//   addNodes             - AddClusterNode for each node of the spec it lacks;
//   setClusterProperties - the heartbeat settings the spec names, where they differ;
//   verifyCluster        - read the cluster back and record it as the job's result.
#pragma once

#include "orchestration/jobs/step.h"

namespace cf {

// `section` locates the ClusterSpec in the job's spec ("" for all of it).
StepList makeCreateClusterSteps(const std::string& section = "");

}  // namespace cf
