#include "api/http_api.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <future>
#include <random>
#include <stdexcept>

#include "api/entity_tag.h"
#include "api/problem_response.h"
#include "api/public_url.h"
#include "orchestration/common/clock.h"
#include "orchestration/common/storage_failure.h"
#include "orchestration/common/utf8.h"
#include "orchestration/jobs/problem.h"

namespace cf::api {

namespace {

bool changesState(const Request& request) {
  return request.method != "GET" && request.method != "HEAD" && request.method != "OPTIONS";
}

}  // namespace

std::string chooseRequestId(const std::optional<std::string>& clientValue) {
  if (clientValue && !clientValue->empty() && clientValue->size() <= 64) {
    bool plain = true;
    for (unsigned char c : *clientValue) plain = plain && (std::isalnum(c) || c == '-' || c == '_' || c == '.');
    if (plain) return *clientValue;
  }
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::string id = "req-0000000000000000";
  uint64_t bits = random();
  for (size_t i = id.size(); i-- > 4; bits >>= 4) id[i] = "0123456789abcdef"[bits & 15];
  return id;
}

HttpApi::HttpApi(ApiDependencies deps)
    : deps_(std::move(deps)),
      limiter_(deps_.authFailuresPerMinute, std::chrono::seconds(60)),
      authenticator_(deps_.tokens, limiter_),
      cors_(deps_.corsOrigins) {
  router_.add("GET", "/metrics", deps_.publicMetrics ? Access::Anonymous : Access::Reader,
              [this](Request&) { return metrics(); });
  registerClusterRoutes(router_, deps_);
  registerClusterConfigRoutes(router_, deps_);
  registerValidationRoutes(router_, deps_);
  registerNodePreparationRoutes(router_, deps_);
  registerJobRoutes(router_, deps_);
  registerSystemRoutes(router_, deps_);
  registerAccessRoutes(router_, deps_);
  registerSubscriptionRoutes(router_, deps_);
  registerDocsRoutes(router_);
  declareMetrics();
}

void HttpApi::declareMetrics() {
  Metrics& m = *deps_.metrics;
  m.declareGauge("clusterforge_build_info", "The running build.", {"version"}, [this] {
    return std::map<Metrics::Labels, double>{{{deps_.version}, 1}};
  });
  m.declareCounter("clusterforge_http_requests_total",
                   "Requests answered, by method, route (its pattern; \"unmatched\" for none) and status code.",
                   {"method", "route", "code"});
  m.declareHistogram("clusterforge_http_request_duration_seconds", "How long requests took to answer, by route.",
                     {"route"}, Metrics::durationBuckets());
  m.declareGauge("clusterforge_jobs_queued", "Jobs waiting for a worker.", {}, [this] {
    return std::map<Metrics::Labels, double>{{{}, static_cast<double>(deps_.scheduler.queuedCount())}};
  });
  m.declareGauge("clusterforge_jobs_running", "Jobs a worker is running.", {}, [this] {
    return std::map<Metrics::Labels, double>{{{}, static_cast<double>(deps_.scheduler.runningCount())}};
  });
  m.declareGauge("clusterforge_ready", "Whether the service is ready (database, backend, scheduler).", {}, [this] {
    return std::map<Metrics::Labels, double>{{{}, observeReadiness(deps_).ready() ? 1.0 : 0.0}};
  });
}

Response HttpApi::dispatch(Request& request, std::optional<Caller>& caller, std::string& routePattern,
                           std::optional<AuditRecord>& recorded) const {
  auto resolved = router_.resolve(request);
  if (auto* refusal = std::get_if<Response>(&resolved)) return *refusal;
  const Router::Route& route = *std::get<const Router::Route*>(resolved);
  routePattern = route.pattern;
  AuthDecision decision = authenticator_.decide(request, route.access);
  caller = decision.caller;
  switch (decision.kind) {
    case AuthDecision::Kind::Allowed: break;
    case AuthDecision::Kind::Throttled: {
      auto r = problemResponse(request, 429, "tooManyAttempts", "Too many failed attempts", decision.detail);
      r.setHeader("Retry-After", std::to_string(decision.retryAfterSeconds));
      return r;
    }
    case AuthDecision::Kind::Unauthenticated: {
      auto r = problemResponse(request, 401, "unauthenticated", "A valid bearer token is needed", decision.detail);
      bool sent = !request.header("authorization").value_or("").empty();
      r.setHeader("WWW-Authenticate",
                  sent ? "Bearer realm=\"clusterforge\", error=\"invalid_token\"" : "Bearer realm=\"clusterforge\"");
      return r;
    }
    case AuthDecision::Kind::Forbidden:
      return problemResponse(request, 403, "forbidden", "The token's role does not allow this", decision.detail);
  }
  // A misspelt parameter ("dryrun=true") must not be ignored: the request
  // would do something other than what was asked.
  auto unknown = Router::unknownQueryParameters(route, request);
  if (!unknown.empty()) {
    std::string takes = route.query.empty() ? "no query parameters" : "only " + joinNames(route.query);
    FieldErrors errors;
    for (const auto& name : unknown) {
      errors.push_back(FieldError::parameter(
          name, "is not a query parameter of " + route.method + " " + route.pattern + ", which takes " + takes));
    }
    return invalidInput(request, errors, 400);
  }
  if (changesState(request)) {
    // Called from the job's commit, possibly on the thread leading it, while
    // this request waits for that commit.
    request.recordAcceptance = [this, &request, &caller, &recorded](const std::string& jobId) {
      AuditRecord record = auditRecordOf(request, caller, 202, jobId);
      deps_.audit.append(record);
      recorded = std::move(record);
    };
  }
  // A dry run changes nothing, so there is nothing to make safe to retry;
  // keeping its answer under the key would replay it to the real request.
  auto key = request.header("idempotency-key");
  bool dryRun = request.queryParam(kDryRunParameter) == "true";
  if (key && !dryRun && (request.method == "POST" || request.method == "PUT")) {
    return dispatchOnce(request, *key, route);
  }
  return route.handler(request);
}

AuditRecord HttpApi::auditRecordOf(const Request& request, const std::optional<Caller>& caller, int status,
                                   const std::string& jobId) const {
  AuditRecord record;
  record.time = nowRfc3339();
  if (caller) {
    record.tokenName = caller->tokenName;
    record.role = toString(caller->role);
  }
  record.client = request.clientAddress;
  record.method = request.method;
  record.path = request.path;
  record.status = status;
  record.requestId = request.requestId;
  record.jobId = jobId;
  return record;
}

void HttpApi::audit(const Request& request, const std::optional<Caller>& caller, const Response& response) const {
  std::string jobId;
  auto location = response.header("Location");
  const std::string jobs = "/v1/jobs/";
  if (response.status == 202 && location && location->rfind(jobs, 0) == 0) jobId = location->substr(jobs.size());
  AuditRecord record = auditRecordOf(request, caller, response.status, jobId);
  deps_.audit.append(record);
  logAudit(record);
}

void HttpApi::logAudit(const AuditRecord& record) const {
  (deps_.auditLog ? deps_.auditLog : deps_.log)
      ->info("audit: token={} role={} client={} {} {} -> {} request={}{}",
             record.tokenName.empty() ? "-" : record.tokenName, record.role.empty() ? "-" : record.role, record.client,
             record.method, record.path, record.status, record.requestId,
             record.jobId.empty() ? "" : " job=" + record.jobId);
}

Response HttpApi::dispatchOnce(Request& request, const std::string& key, const Router::Route& route) const {
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
      Response replay{claim.answer.status, claim.answer.contentType, claim.answer.body, claim.answer.headers, nullptr};
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
    response = route.handler(request);
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
  Response r;
  r.contentType = "text/plain; version=0.0.4; charset=utf-8";
  r.body = deps_.metrics->render();
  return r;
}

Response HttpApi::failureResponse(const Request& request, std::exception_ptr failure) const {
  try {
    std::rethrow_exception(failure);
  } catch (const BackendFailure& backend) {
    const auto& e = backend.error();
    auto problem = makeProblem("backendUnavailable", "The cluster backend could not answer", 503, e.message);
    problem["win32"] = win32Json(e);
    Response response = problemResponse(request, problem);
    response.setHeader("Retry-After", "5");
    return response;
  } catch (const StorageFailure& storage) {
    deps_.log->error("request={} {} {}: {}", request.requestId, request.method, request.path, storage.what());
    Response response = problemResponse(request, 503, "storageUnavailable", "The service's database is unavailable",
                                        "the service cannot read or record this request now; retry shortly");
    response.setHeader("Retry-After", "5");
    return response;
  } catch (const std::exception& e) {
    deps_.log->error("request={} {} {}: unexpected error: {}", request.requestId, request.method, request.path,
                     e.what());
  } catch (...) {
    deps_.log->error("request={} {} {}: unexpected error", request.requestId, request.method, request.path);
  }
  return problemResponse(
      request, 500, "internalError", "Internal error",
      "the service failed to handle this request; the log has details under request id " + request.requestId);
}

Response HttpApi::finish(const Request& request, Response response, const std::string& route,
                         std::chrono::steady_clock::time_point started) const {
  applyConditionalGet(request, response);
  if (response.header("Location") || response.header("Operation-Location")) {
    makeLocationsAbsolute(response, baseUrlOf(request, deps_.publicUrl, deps_.scheme));
  }
  response.setHeader("X-Request-Id", request.requestId);
  cors_.decorate(request, response);
  auto elapsed = std::chrono::steady_clock::now() - started;
  // Methods and paths nobody routes are one series each, whatever a client makes up.
  std::string method = route.empty() ? "other" : request.method;
  std::string pattern = route.empty() ? "unmatched" : route;
  deps_.metrics->increment("clusterforge_http_requests_total", {method, pattern, std::to_string(response.status)});
  deps_.metrics->observe("clusterforge_http_request_duration_seconds", {pattern},
                         std::chrono::duration<double>(elapsed).count());
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed);
  deps_.log->log(response.status >= 500 ? spdlog::level::warn : spdlog::level::debug, "request={} {} {} -> {} ({} ms)",
                 request.requestId, request.method, request.path, response.status, ms.count());
  return response;
}

void HttpApi::handle(Request request, Responder respond) const {
  auto started = std::chrono::steady_clock::now();
  if (request.requestId.empty()) request.requestId = chooseRequestId(request.header("x-request-id"));
  if (auto preflight = cors_.preflight(request)) {
    preflight->setHeader("X-Request-Id", request.requestId);
    return respond(*preflight);
  }
  Response response;
  std::optional<Caller> caller;
  std::string route;
  std::optional<AuditRecord> recorded;
  try {
    response = dispatch(request, caller, route, recorded);
    bool routed = !route.empty();
    // A change, or a refusal for want of a token or a role, is on record
    // before it is answered. (Unknown paths are not: nothing there to guard.)
    bool changes = changesState(request);
    bool audited = recorded && response.status == 202 &&
                   response.header("Location") == "/v1/jobs/" + recorded->jobId;
    if (audited) logAudit(*recorded);
    else if ((routed && changes) || response.status == 401 || response.status == 403) audit(request, caller, response);
  } catch (...) {
    response = failureResponse(request, std::current_exception());
  }
  request.recordAcceptance = nullptr;  // it points into this frame
  if (!response.deferral) return respond(finish(request, std::move(response), route, started));

  auto deferral = response.deferral;
  auto asked = std::make_shared<const Request>(std::move(request));
  deferral->answer = [this, asked, answer = std::move(deferral->answer)](bool waitEnded) -> std::optional<Response> {
    try {
      auto given = answer(waitEnded);
      // A waiter left without an answer at its deadline would be asked forever.
      if (!given && waitEnded) throw std::logic_error("a deferred answer gave nothing when its wait ended");
      return given;
    } catch (...) {
      return failureResponse(*asked, std::current_exception());
    }
  };
  deps_.waiters->park(deferral, [this, asked, route, started, respond = std::move(respond)](Response answer) {
    respond(finish(*asked, std::move(answer), route, started));
  });
}

Response HttpApi::handle(Request& request) const {
  if (request.requestId.empty()) request.requestId = chooseRequestId(request.header("x-request-id"));
  std::promise<Response> answered;
  auto answer = answered.get_future();
  handle(request, [&answered](Response response) { answered.set_value(std::move(response)); });
  return answer.get();
}

void HttpApi::jobChanged(const std::string& jobId) const { deps_.waiters->jobChanged(jobId); }

void HttpApi::releaseWaits() const { deps_.waiters->release(); }

}  // namespace cf::api
