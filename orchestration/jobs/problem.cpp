#include "orchestration/jobs/problem.h"

namespace cf {

nlohmann::json makeProblem(const std::string& code, const std::string& title, int status, const std::string& detail) {
  return {{"type", "urn:clusterforge:problem:" + code},
          {"title", title},
          {"status", status},
          {"detail", detail},
          {"code", code}};
}

nlohmann::json win32Json(const BackendError& error) {
  return {{"code", error.code}, {"name", error.name}, {"transient", error.transient}};
}

nlohmann::json backendProblem(const BackendError& error, const std::string& step, int attempts) {
  std::string detail = error.message;
  if (attempts > 1) detail += " (gave up after " + std::to_string(attempts) + " attempts)";
  auto problem = makeProblem("backendError", "The cluster backend reported an error", 502, detail);
  problem["step"] = step;
  problem["win32"] = win32Json(error);
  return problem;
}

}  // namespace cf
