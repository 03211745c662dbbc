// Which steps make up a job of each kind. The catalog is the one place that
// knows the job kinds; the runner asks it for a job's steps by kind, and the
// service asks it for the step names a new job starts with.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "orchestration/report_store.h"
#include "orchestration/secret_box.h"
#include "orchestration/step.h"

namespace cf {

namespace jobkind {
constexpr const char* kClusterCreate = "cluster.create";
constexpr const char* kConfigureNetworks = "cluster.configureNetworks";
constexpr const char* kConfigureQuorum = "cluster.configureQuorum";
constexpr const char* kClusterApply = "cluster.apply";
constexpr const char* kValidation = "validation.run";
constexpr const char* kPrepareNodes = "nodes.prepare";
}  // namespace jobkind

class WorkflowCatalog {
 public:
  // Steps may depend on the job's stored spec (a quorum mode needs other steps).
  using Factory = std::function<StepList(const nlohmann::json& spec)>;

  // The catalog with every job kind this build knows. Steps open secrets with
  // `secrets` and store reports in `reports`; both must outlive the catalog.
  static WorkflowCatalog standard(SecretBox& secrets, ReportStore& reports);

  void add(const std::string& kind, Factory factory);
  bool knows(const std::string& kind) const { return factories_.count(kind) > 0; }
  // Throws std::out_of_range for an unknown kind.
  StepList stepsFor(const std::string& kind, const nlohmann::json& spec) const;
  std::vector<std::string> stepNames(const std::string& kind, const nlohmann::json& spec) const;
  std::vector<std::string> kinds() const;

 private:
  std::map<std::string, Factory> factories_;
};

}  // namespace cf
