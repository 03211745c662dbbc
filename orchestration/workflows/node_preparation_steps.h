// The steps of preparing nodes (runbook step 1):
//   checkFeatures   - every node answers and can have every feature (its
//                     edition and installation option allow it);
//   installFeatures - install on each node only what is missing; record per
//                     node what was installed and whether a restart is pending;
//   restartNodes    - (with "restart": true) restart the nodes that need it
//                     and wait for them.
#pragma once

#include "orchestration/jobs/step.h"

namespace cf {

// `section` locates the NodePreparationSpec in the job's spec ("" for all of it).
StepList makeNodePreparationSteps(const nlohmann::json& jobSpec, const std::string& section = "");

}  // namespace cf
