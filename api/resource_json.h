// The JSON views of resources the API returns: jobs (with links), job events,
// clusters with their last job. One place, so every endpoint shows a job the
// same way.
#pragma once

#include <nlohmann/json.hpp>

#include "orchestration/jobs/job.h"
#include "orchestration/jobs/job_service.h"

namespace cf::api {

std::string jobPath(const std::string& id);
// The job as every answer shows it, as JSON text.
std::string jobJson(const Job& job);
nlohmann::json eventToJson(const JobEvent& event);
nlohmann::json clusterToJson(const ClusterView& cluster);

}  // namespace cf::api
