// An HTTP client for what the service and its CLI send out: webhook
// deliveries, and the CLI's calls to a running service. One request, one
// bounded wait, one bounded answer; never throws. The cpprestsdk implementation is
// with the transports (cpprest_client.cpp), the only place its headers go.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cf::api {

struct OutboundRequest {
  std::string method = "GET";
  std::string url;  // absolute: http:// or https://
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{10000};
  // An answer whose body is longer is not read on: the request fails. A
  // receiver, or anything posing as the service, cannot make us hold more.
  size_t maxResponseBytes = 1 << 20;
};

struct OutboundResponse {
  std::optional<int> status;                   // none: no HTTP answer (refused, timed out, TLS failed)
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string error;  // why there was no answer
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual OutboundResponse send(const OutboundRequest& request) = 0;
};

std::unique_ptr<HttpClient> makeHttpClient();

}  // namespace cf::api
