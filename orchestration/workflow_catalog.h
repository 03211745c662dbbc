// Which steps make up a job of each kind. The catalog is the one place that
// knows the job kinds; the runner asks it for a job's steps by kind, and the
// service asks it for the step names a new job starts with.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "orchestration/step.h"

namespace cf {

namespace jobkind {
constexpr const char* kClusterCreate = "cluster.create";
}

class WorkflowCatalog {
 public:
  using Factory = std::function<StepList()>;

  // The catalog with every job kind this build knows.
  static WorkflowCatalog standard();

  void add(const std::string& kind, Factory factory);
  bool knows(const std::string& kind) const { return factories_.count(kind) > 0; }
  // Throws std::out_of_range for an unknown kind.
  StepList stepsFor(const std::string& kind) const;
  std::vector<std::string> stepNames(const std::string& kind) const;
  std::vector<std::string> kinds() const;

 private:
  std::map<std::string, Factory> factories_;
};

}  // namespace cf
