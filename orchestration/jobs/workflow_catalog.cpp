#include "orchestration/jobs/workflow_catalog.h"

#include <stdexcept>

namespace cf {

void WorkflowCatalog::add(Workflow workflow) {
  if (workflow.specMigrations.size() + 1 != static_cast<size_t>(workflow.specVersion)) {
    throw std::invalid_argument("workflow " + workflow.kind + ": spec version " + std::to_string(workflow.specVersion) +
                                " needs " + std::to_string(workflow.specVersion - 1) + " migrations");
  }
  std::string kind = workflow.kind;
  if (!workflows_.emplace(kind, std::move(workflow)).second) {
    throw std::invalid_argument("workflow " + kind + " is registered twice");
  }
}

const Workflow* WorkflowCatalog::find(const std::string& kind) const {
  auto it = workflows_.find(kind);
  return it == workflows_.end() ? nullptr : &it->second;
}

std::vector<std::string> WorkflowCatalog::kinds() const {
  std::vector<std::string> out;
  for (const auto& [kind, workflow] : workflows_) out.push_back(kind);
  return out;
}

Job newJobOf(const Workflow& workflow, std::string id, std::string cluster, nlohmann::json storedSpec,
             std::string now) {
  storedSpec[kSpecSchemaVersionKey] = workflow.specVersion;
  std::vector<std::string> stepNames;
  for (const auto& step : workflow.steps(storedSpec)) stepNames.push_back(step->name());
  Job job = newJob(std::move(id), workflow.kind, std::move(cluster), std::move(storedSpec), stepNames, std::move(now));
  job.workflowVersion = workflow.version;
  return job;
}

int specSchemaVersion(const nlohmann::json& storedSpec) {
  auto it = storedSpec.find(kSpecSchemaVersionKey);
  return it != storedSpec.end() && it->is_number_integer() ? it->get<int>() : 1;
}

}  // namespace cf
