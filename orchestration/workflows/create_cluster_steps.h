// The steps of creating (or converging) a cluster, in runbook order:
//   checkNodes           - every node exists, answers, has Failover Clustering
//                          and is free or already this cluster's; for a new
//                          cluster, the account may create its name object
//                          (or a prestaged, disabled one waits); for the whole
//                          runbook, the witness server's admin share is there:
//                          all before anything changes;
//   createCluster        - CreateCluster, unless the cluster exists (a cluster
//                          with nodes the spec leaves out is a conflict);
//   addNodes             - AddClusterNode for each node of the spec it lacks;
//   setClusterProperties - the heartbeat settings the spec names, where they differ;
//   verifyCluster        - read the cluster back and record it as the job's result.
#pragma once

#include "orchestration/jobs/step.h"

namespace cf {

// `section` locates the ClusterSpec in the job's spec ("" for all of it);
// `quorumSection`, when not empty, the quorum section checkNodes checks too.
StepList makeCreateClusterSteps(const std::string& section = "", const std::string& quorumSection = "");

}  // namespace cf
