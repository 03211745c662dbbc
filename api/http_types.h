// The project's own HTTP request and response, so handlers are plain functions
// tested without sockets. The transport adapter fills a Request (path already
// percent-decoded, header names lower-case) and sends back the Response.
#pragma once

#include <map>
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

  std::optional<std::string> header(const std::string& lowerCaseName) const;
  std::optional<std::string> queryParam(const std::string& name) const;
  const std::string& param(const std::string& name) const { return pathParams.at(name); }
};

struct Response {
  int status = 200;
  std::string contentType;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  void setHeader(const std::string& name, const std::string& value);
  std::optional<std::string> header(const std::string& name) const;
};

}  // namespace cf::api
