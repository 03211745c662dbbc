// The steps of configuring the quorum (runbook step 4). Which steps a job
// has depends on its mode:
//   checkCluster         - the cluster exists and has what the mode needs
//                          (a computer account for a prepared share, the disk,
//                          the witness server's admin share to reach the folder);
//   with fileShareWitness.prepare, what the runbook does by hand on the
//   witness server, each only where it differs:
//     createWitnessFolder  - the folder (C:\FSM_MBX);
//     shareWitnessFolder   - the share, granting CLUSTER$ full control and no
//                            one else; an existing share of that path is reused,
//                            one of that name on another path is a conflict;
//     grantFolderAccess    - CLUSTER$ full control in NTFS;
//   checkWitnessAccess   - (file share witness) the cluster account can write;
//   setQuorum            - SetClusterQuorumResource, unless already so;
//   verifyQuorum         - read the quorum back; warnings Windows would give.
#pragma once

#include <nlohmann/json.hpp>

#include "orchestration/jobs/secret_box.h"
#include "orchestration/jobs/step.h"

namespace cf {

// A witness folder ClusterForge prepares is reached through the file
// server's administrative share (\\EX-HUB1\C$): fails with
// ERROR_BAD_NET_NAME, before anything changes, when that share is missing.
// Does nothing for a quorum spec that prepares no folder.
void requireWitnessAdminShare(StepContext& ctx, const nlohmann::json& storedQuorumSpec);

// `section` locates the stored QuorumSpec in the job's spec ("" for all of it).
StepList makeQuorumSteps(const nlohmann::json& jobSpec, SecretBox& secrets, const std::string& section = "");

}  // namespace cf
