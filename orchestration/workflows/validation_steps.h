// The validation step: gather the facts, run the selected tests, store the
// report. Standalone (a validation.run job) the report is the job's product,
// whatever its verdict. Inside a whole-runbook job (validateBefore,
// validateAfter) a notSuitable verdict fails the job, so that a failed
// validateBefore stops it before anything is created.
#pragma once

#include "orchestration/validation/report_store.h"
#include "orchestration/jobs/step.h"

namespace cf {

struct ValidationStepOptions {
  std::string stepName = "validate";
  std::string section;         // where the ValidationSpec sits in the job's spec
  std::string reportIdSuffix;  // report id = job id + suffix
  bool failWhenNotSuitable = false;
};

std::unique_ptr<Step> makeValidationStep(ReportStore& reports, ValidationStepOptions options);

}  // namespace cf
