// The steps of creating a cluster, in runbook order:
//   checkNodes    - every node exists, answers, has Failover Clustering and is
//                   free (GetNodeClusterState), before anything changes;
//   createCluster - CreateCluster, unless the cluster already exists with these
//                   nodes (then nothing changes; other nodes are a conflict);
//   verifyCluster - read the cluster back and record it as the job's result.
#pragma once

#include "orchestration/jobs/step.h"

namespace cf {

// `section` locates the ClusterSpec in the job's spec ("" for all of it).
StepList makeCreateClusterSteps(const std::string& section = "");

}  // namespace cf
