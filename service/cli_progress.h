// How the CLI shows a job while it runs. On a terminal: a block with the
// job's status and one line per step, redrawn in place as the job moves. Not
// on a terminal (a pipe, a CI log): one plain line each time a step changes
// status, so the output reads top to bottom and diffs cleanly.
#pragma once

#include <map>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

namespace cf::service {

class JobProgressDisplay {
 public:
  JobProgressDisplay(std::ostream& out, bool terminal) : out_(out), terminal_(terminal) {}

  // Shows the job as GET /v1/jobs/{id} answered it.
  void show(const nlohmann::json& job);

 private:
  void redraw(const nlohmann::json& job);
  void printChanges(const nlohmann::json& job);

  std::ostream& out_;
  bool terminal_;
  size_t linesDrawn_ = 0;
  std::string lastStatus_;
  std::map<std::string, std::string> stepStatus_;
};

// The string a JSON value holds, or "" when it holds none (null, absent).
std::string jsonText(const nlohmann::json& value);

// One line for a problem+json answer or a job's error: title, detail, the
// step, the Win32 error and each field error.
std::string describeProblem(const nlohmann::json& problem);

}  // namespace cf::service
