// The project's own HTTP request and response, so handlers are plain functions
// tested without sockets. The transport adapter fills a Request (path already
// percent-decoded, header names lower-case) and sends back the Response.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cf::api {

struct Request {
  std::string method;
  std::string path;
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string requestId;
  std::string clientAddress;                      // the peer, as the transport saw it
  std::map<std::string, std::string> pathParams;  // set by the router
  std::string requestKey;  // while a claimed Idempotency-Key is handled: requestKeyOf(key, scope)
  // Set by HttpApi while the handler of a routed change runs: puts the
  // request's audit record, as answered 202 for this job, in the job's own
  // commit (JobStore::insertWith), so a submit waits for one commit, not two.
  std::function<void(const std::string& jobId)> recordAcceptance;

  std::optional<std::string> header(const std::string& lowerCaseName) const;
  std::optional<std::string> queryParam(const std::string& name) const;
  const std::string& param(const std::string& name) const { return pathParams.at(name); }
};

struct Deferral;

struct Response {
  int status = 200;
  std::string contentType;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Set by a handler that waits for a change (a long-poll): the answer is
  // given later, by the deferral, and the rest of this response is unused.
  std::shared_ptr<Deferral> deferral;

  void setHeader(const std::string& name, const std::string& value);
  std::optional<std::string> header(const std::string& name) const;
};

// A request parked until a job changes or its wait ends (Prefer: wait).
struct Deferral {
  std::string jobId;
  std::chrono::steady_clock::time_point deadline;
  // Asked again after each change of the job and once when the wait ends
  // (`waitEnded`): the answer to give now, or nullopt to go on waiting (never
  // when the wait has ended).
  std::function<std::optional<Response>(bool waitEnded)> answer;
};

// Where the answer to a request goes, on whatever thread has it.
using Responder = std::function<void(Response)>;

}  // namespace cf::api
