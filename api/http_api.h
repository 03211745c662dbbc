// The whole HTTP surface minus sockets: the router with every endpoint, plus
// what applies to every request — a request id, containment of exceptions
// (a bug answers 500 and is logged; a backend that cannot answer is a 503; no
// client input reaches either), Idempotency-Key on POST and PUT, request
// counters for /metrics, and one access-log line per request.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <exception>

#include "api/authenticator.h"
#include "api/cors.h"
#include "api/failure_limiter.h"
#include "api/handlers.h"
#include "api/router.h"

namespace cf::api {

class HttpApi {
 public:
  explicit HttpApi(ApiDependencies deps);

  HttpApi(const HttpApi&) = delete;
  HttpApi& operator=(const HttpApi&) = delete;

  // Answers through `respond`, at once or, for a request that waits for a
  // change (Prefer: wait), later from the long-poll thread.
  void handle(Request request, Responder respond) const;
  // The same, waiting for the answer on this thread (tests, fuzzing).
  Response handle(Request& request) const;
  // A job changed: requests waiting on it are asked again.
  void jobChanged(const std::string& jobId) const;
  // The transport stops: waiting requests are answered now.
  void releaseWaits() const;

  // Call once at start, before requests arrive: an Idempotency-Key claimed by
  // a process that died gets the answer of the job its request created, or
  // is released so the retry runs afresh.
  void resolveAbandonedClaims() const;

 private:
  // Routes, authenticates and authorizes the request, then runs its handler.
  // Says who called and whether a route was found, for the audit trail.
  // `route` is set to the pattern of the route that matched, if any.
  // `recorded` is set when the handler put the request's audit record in its
  // job's commit (Request::recordAcceptance).
  Response dispatch(Request& request, std::optional<Caller>& caller, std::string& route,
                    std::optional<AuditRecord>& recorded) const;
  // Runs the request once per Idempotency-Key: a retry gets the first answer.
  Response dispatchOnce(Request& request, const std::string& key, const Router::Route& route) const;
  AuditRecord auditRecordOf(const Request& request, const std::optional<Caller>& caller, int status,
                            const std::string& jobId) const;
  void audit(const Request& request, const std::optional<Caller>& caller, const Response& response) const;
  void logAudit(const AuditRecord& record) const;
  // The answer to an exception out of a handler: 503 when the backend or
  // the database cannot answer, else a 500 that is logged.
  Response failureResponse(const Request& request, std::exception_ptr failure) const;
  // What every answer gets last: conditional GET, absolute locations, the
  // request id, CORS, metrics and the access-log line.
  Response finish(const Request& request, Response response, const std::string& route,
                  std::chrono::steady_clock::time_point started) const;
  Response metrics() const;
  void declareMetrics();

  ApiDependencies deps_;
  mutable FailureLimiter limiter_;
  mutable Authenticator authenticator_;
  CorsPolicy cors_;
  Router router_;
};

// The request id to use: the client's X-Request-Id when it is short and plain,
// else a new one.
std::string chooseRequestId(const std::optional<std::string>& clientValue);

}  // namespace cf::api
