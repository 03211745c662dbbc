#include "api/http_api.h"

#include <cctype>
#include <chrono>
#include <algorithm>
#include <cstdio>
#include <random>

#include "api/problem_response.h"
#include "orchestration/common/storage_failure.h"
#include "orchestration/common/utf8.h"
#include "orchestration/jobs/problem.h"

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
  router_.add("GET", "/metrics", [this](Request&) { return metrics(); });
  registerClusterRoutes(router_, deps_);
  registerClusterConfigRoutes(router_, deps_);
  registerValidationRoutes(router_, deps_);
  registerNodePreparationRoutes(router_, deps_);
  registerJobRoutes(router_, deps_);
  registerSystemRoutes(router_, deps_);
}

Response HttpApi::dispatch(Request& request) const {
  auto key = request.header("idempotency-key");
  if (key && (request.method == "POST" || request.method == "PUT")) return dispatchOnce(request, *key);
  return router_.dispatch(request);
}

Response HttpApi::dispatchOnce(Request& request, const std::string& key) const {
  bool plain = !key.empty() && key.size() <= 255;
  for (unsigned char c : key) plain = plain && c > 32 && c < 127;
  if (!plain) {
    return invalidInput(request,
                        {FieldError::parameter("Idempotency-Key", "must be 1 to 255 visible ASCII characters")}, 400);
  }
  std::string scope = request.method + " " + request.path;
  auto claim = deps_.idempotency.begin(key, scope, fingerprintOf(request.body));
  switch (claim.outcome) {
    case IdempotencyClaim::Outcome::Replay: {
      Response replay{claim.answer.status, claim.answer.contentType, claim.answer.body, claim.answer.headers};
      replay.setHeader("Idempotent-Replayed", "true");
      return replay;
    }
    case IdempotencyClaim::Outcome::InProgress:
      return problemResponse(request, 409, "idempotencyKeyInProgress", "A request with this key is in progress",
                             "the first request with Idempotency-Key " + key + " has not finished; retry shortly");
    case IdempotencyClaim::Outcome::OtherRequest:
      return invalidInput(request, {FieldError::parameter("Idempotency-Key",
                                                          "was used before for a request with another body; use a "
                                                          "new key for a new request")});
    case IdempotencyClaim::Outcome::Claimed: break;
  }
  request.requestKey = requestKeyOf(key, scope);
  Response response;
  try {
    response = router_.dispatch(request);
  } catch (...) {
    deps_.idempotency.abandon(key, scope);
    throw;
  }
  // A server-side failure is not an answer to keep: the retry should run.
  if (response.status >= 500) deps_.idempotency.abandon(key, scope);
  else deps_.idempotency.finish(key, scope, {response.status, response.contentType, response.body, response.headers});
  return response;
}

void HttpApi::resolveAbandonedClaims() const {
  for (const auto& claim : deps_.idempotency.unfinished()) {
    if (auto job = deps_.jobs.jobByRequestKey(requestKeyOf(claim.key, claim.scope))) {
      Response answer = acceptedJobResponse(*job);
      deps_.idempotency.finish(claim.key, claim.scope,
                               {answer.status, answer.contentType, answer.body, answer.headers});
      deps_.log->info(
          "Idempotency-Key {} ({}): its request created job {} before the service stopped; a retry gets "
          "that job",
          toValidUtf8(claim.key), toValidUtf8(claim.scope), job->id);
    } else {
      deps_.idempotency.abandon(claim.key, claim.scope);
      deps_.log->info(
          "Idempotency-Key {} ({}): its request created nothing before the service stopped; a retry runs "
          "afresh",
          toValidUtf8(claim.key), toValidUtf8(claim.scope));
    }
  }
}

Response HttpApi::metrics() const {
  std::string text;
  text += "# HELP clusterforge_build_info The running build.\n# TYPE clusterforge_build_info gauge\n";
  text += "clusterforge_build_info{version=\"" + deps_.version + "\"} 1\n";
  text += "# HELP clusterforge_http_responses_total Responses sent, by status class.\n";
  text += "# TYPE clusterforge_http_responses_total counter\n";
  for (size_t c = 2; c <= 5; ++c) {
    text += "clusterforge_http_responses_total{class=\"" + std::to_string(c) + "xx\"} " +
            std::to_string(answered_[c].load()) + "\n";
  }
  auto& scheduler = deps_.scheduler;
  text += "# HELP clusterforge_jobs_queued Jobs waiting for a worker.\n# TYPE clusterforge_jobs_queued gauge\n";
  text += "clusterforge_jobs_queued " + std::to_string(scheduler.queuedCount()) + "\n";
  text += "# HELP clusterforge_jobs_running Jobs a worker is running.\n# TYPE clusterforge_jobs_running gauge\n";
  text += "clusterforge_jobs_running " + std::to_string(scheduler.runningCount()) + "\n";
  text += "# HELP clusterforge_ready Whether the service is ready (database, backend, scheduler).\n";
  text += "# TYPE clusterforge_ready gauge\n";
  text += std::string("clusterforge_ready ") + (serviceReady(deps_) ? "1" : "0") + "\n";
  Response r;
  r.contentType = "text/plain; version=0.0.4; charset=utf-8";
  r.body = text;
  return r;
}

Response HttpApi::handle(Request& request) const {
  auto started = std::chrono::steady_clock::now();
  if (request.requestId.empty()) request.requestId = chooseRequestId(request.header("x-request-id"));
  Response response;
  try {
    response = dispatch(request);
  } catch (const BackendFailure& failure) {
    const auto& e = failure.error();
    auto problem = makeProblem("backendUnavailable", "The cluster backend could not answer", 503, e.message);
    problem["win32"] = win32Json(e);
    response = problemResponse(request, problem);
    response.setHeader("Retry-After", "5");
  } catch (const StorageFailure& failure) {
    deps_.log->error("request={} {} {}: {}", request.requestId, request.method, request.path, failure.what());
    response = problemResponse(request, 503, "storageUnavailable", "The service's database is unavailable",
                               "the service cannot read or record this request now; retry shortly");
    response.setHeader("Retry-After", "5");
  } catch (const std::exception& e) {
    deps_.log->error("request={} {} {}: unexpected error: {}", request.requestId, request.method, request.path,
                     e.what());
    response = problemResponse(
        request, 500, "internalError", "Internal error",
        "the service failed to handle this request; the log has details under request id " + request.requestId);
  }
  response.setHeader("X-Request-Id", request.requestId);
  answered_[static_cast<size_t>(std::clamp(response.status / 100, 1, 5))]++;
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  deps_.log->log(response.status >= 500 ? spdlog::level::warn : spdlog::level::debug, "request={} {} {} -> {} ({} ms)",
                 request.requestId, request.method, request.path, response.status, ms.count());
  return response;
}

}  // namespace cf::api
