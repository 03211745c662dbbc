#include "api/http_api.h"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <random>

#include "api/problem_response.h"
#include "orchestration/problem.h"

namespace cf::api {

std::string chooseRequestId(const std::optional<std::string>& clientValue) {
  if (clientValue && !clientValue->empty() && clientValue->size() <= 64) {
    bool plain = true;
    for (unsigned char c : *clientValue) plain = plain && (std::isalnum(c) || c == '-' || c == '_' || c == '.');
    if (plain) return *clientValue;
  }
  thread_local std::mt19937_64 random{std::random_device{}()};
  char text[24];
  std::snprintf(text, sizeof text, "req-%016llx", static_cast<unsigned long long>(random()));
  return text;
}

HttpApi::HttpApi(ApiDependencies deps) : deps_(std::move(deps)) {
  registerClusterRoutes(router_, deps_);
  registerClusterConfigRoutes(router_, deps_);
  registerValidationRoutes(router_, deps_);
  registerNodePreparationRoutes(router_, deps_);
  registerJobRoutes(router_, deps_);
  registerSystemRoutes(router_, deps_);
}

Response HttpApi::handle(Request& request) const {
  auto started = std::chrono::steady_clock::now();
  if (request.requestId.empty()) request.requestId = chooseRequestId(request.header("x-request-id"));
  Response response;
  try {
    response = router_.dispatch(request);
  } catch (const BackendFailure& failure) {
    const auto& e = failure.error();
    auto problem = makeProblem("backendUnavailable", "The cluster backend could not answer", 503, e.message);
    problem["win32"] = {{"code", e.code}, {"name", e.name}, {"transient", e.transient}};
    response = problemResponse(request, problem);
    response.setHeader("Retry-After", "5");
  } catch (const std::exception& e) {
    deps_.log->error("request={} {} {}: unexpected error: {}", request.requestId, request.method, request.path,
                     e.what());
    response = problemResponse(request, 500, "internalError", "Internal error",
                               "the service failed to handle this request; the log has details under request id " +
                                   request.requestId);
  }
  response.setHeader("X-Request-Id", request.requestId);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  deps_.log->log(response.status >= 500 ? spdlog::level::warn : spdlog::level::debug,
                 "request={} {} {} -> {} ({} ms)", request.requestId, request.method, request.path,
                 response.status, ms.count());
  return response;
}

}  // namespace cf::api
