// The steps of configuring a cluster's networks (runbook step 3):
//   configureNetworks - observe the networks, plan (planNetworks), and rename
//                       or set role and metric only where they differ;
//   verifyNetworks    - read them back and record them as the job's result.
#pragma once

#include "orchestration/jobs/step.h"

namespace cf {

// `section` locates the NetworkSpec in the job's spec ("" for all of it).
StepList makeNetworkSteps(const std::string& section = "");

}  // namespace cf
