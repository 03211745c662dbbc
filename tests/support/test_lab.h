// The labs tests run on: the files in deploy/sim, read the way the service
// reads them, and a ClusterSpec for the runbook's cluster.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "orchestration/backends/simulated/lab.h"
#include "orchestration/model/cluster_model.h"

namespace cf::test {

std::string labPath(const std::string& fileName);  // deploy/sim/<fileName>
sim::Lab referenceLab();
ClusterSpec runbookClusterSpec();  // EXCLUSTER on EX-NODE1, EX-NODE2 at 10.0.0.50/24
std::string runbookClusterBody();  // the same as a PUT body
// The whole runbook as one PUT /v1/clusters/EXCLUSTER body: prepare the CCR
// mailbox features, validate, create, name the networks Public and Private,
// prepare \\EX-HUB1\FSM_MBX and make it the witness, validate again. Its
// "networks" and "quorum" sections are the bodies of runbook steps 3 and 4.
nlohmann::json wholeRunbookRequest();

}  // namespace cf::test
