// The job kinds a build can run: for each, the workflow that turns a stored
// spec into steps, its version, and the version of its stored spec.
//
// Identity across versions: a stored job is matched to its steps by name. A
// step whose meaning changes gets a new name, and the workflow's version goes
// up, so that a job stored by an older build never runs a different step under
// an old name (JobRunner refuses it as workflowChanged).
//
// The stored spec is not the API's form: it carries a `schemaVersion`, and a
// kind whose stored form changes lists the migrations that bring an older
// document up to date, oldest first (migrations[0] takes version 1 to 2).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestration/jobs/job.h"
#include "orchestration/jobs/step.h"

namespace cf {

struct Workflow {
  std::string kind;
  int version = 1;
  int specVersion = 1;
  std::vector<std::function<nlohmann::json(nlohmann::json)>> specMigrations;
  // The steps for a stored spec (a quorum mode needs other steps than another).
  std::function<StepList(const nlohmann::json& spec)> steps;
};

class WorkflowCatalog {
 public:
  // Throws std::invalid_argument for a kind added twice or an inconsistent
  // spec version: a catalog is assembled once, at start-up.
  void add(Workflow workflow);
  const Workflow* find(const std::string& kind) const;
  std::vector<std::string> kinds() const;

 private:
  std::map<std::string, Workflow> workflows_;
};

// The key of a stored spec's version. A spec stored without one predates
// versioning and is version 1.
constexpr const char* kSpecSchemaVersionKey = "schemaVersion";
int specSchemaVersion(const nlohmann::json& storedSpec);

// A new, queued job of `workflow` for a stored spec: its steps listed and the
// spec's and workflow's versions stamped on it.
Job newJobOf(const Workflow& workflow, std::string id, std::string cluster, nlohmann::json storedSpec, std::string now);

}  // namespace cf
