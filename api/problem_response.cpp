#include "api/problem_response.h"

#include "orchestration/jobs/problem.h"

namespace cf::api {

std::string dumpForClient(const nlohmann::json& document) {
  return document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Response jsonResponse(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.contentType = "application/json";
  r.body = dumpForClient(body);
  return r;
}

Response problemResponse(const Request& request, nlohmann::json problem) {
  problem["requestId"] = request.requestId;
  problem["instance"] = request.path;
  Response r;
  r.status = problem.value("status", 500);
  r.contentType = "application/problem+json";
  r.body = dumpForClient(problem);
  return r;
}

Response problemResponse(const Request& request, int status, const std::string& code, const std::string& title,
                         const std::string& detail) {
  return problemResponse(request, makeProblem(code, title, status, detail));
}

nlohmann::json invalidInputProblem(const FieldErrors& errors, int status) {
  nlohmann::json list = nlohmann::json::array();
  std::string detail;
  for (const auto& e : errors) {
    bool body = e.location == FieldError::Location::Body;
    list.push_back({{body ? "pointer" : "parameter", body ? "#" + e.where : e.where}, {"detail", e.detail}});
    if (detail.empty()) {
      detail = (body ? (e.where.empty() ? std::string("the body") : e.where) : "parameter '" + e.where + "'") + " " +
               e.detail;
    }
  }
  if (errors.size() > 1) detail += " (and " + std::to_string(errors.size() - 1) + " more)";
  auto problem =
      makeProblem(status == 400 ? "invalidParameter" : "validationFailed",
                  status == 422 ? "The request is not valid" : "A request parameter is not valid", status, detail);
  problem["errors"] = list;
  return problem;
}

Response invalidInput(const Request& request, const FieldErrors& errors, int status) {
  return problemResponse(request, invalidInputProblem(errors, status));
}

}  // namespace cf::api
