// Every job kind this build runs, registered in one place. Adding a kind is
// its spec (specs/), its steps (workflows/), one entry here, one route and the
// contract (docs: README, "Adding a job kind").
#pragma once

#include "orchestration/jobs/secret_box.h"
#include "orchestration/jobs/workflow_catalog.h"
#include "orchestration/validation/report_store.h"

namespace cf {

// Steps open secrets with `secrets` and store reports in `reports`; both must
// outlive the catalog.
WorkflowCatalog standardCatalog(SecretBox& secrets, ReportStore& reports);

}  // namespace cf
