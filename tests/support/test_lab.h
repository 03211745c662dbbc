// The labs tests run on: the files in deploy/sim, read the way the service
// reads them, and a ClusterSpec for the runbook's cluster.
#pragma once

#include <string>

#include "orchestration/backends/simulated/lab.h"
#include "orchestration/cluster_model.h"

namespace cf::test {

std::string labPath(const std::string& fileName);  // deploy/sim/<fileName>
sim::Lab referenceLab();
ClusterSpec runbookClusterSpec();  // EXCLUSTER on EX-NODE1, EX-NODE2 at 10.0.0.50/24
std::string runbookClusterBody();  // the same as a PUT body

}  // namespace cf::test
