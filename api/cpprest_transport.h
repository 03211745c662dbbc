// The HTTP transport: cpprestsdk's listener, adapted to HttpApi. The only
// file that sees cpprestsdk types, and kept thin so it can be replaced.
//
// It owns the mitigations for the listener's known gaps: a request body limit
// (413 before the body is read; chunked bodies without a length get 411), the
// worker pool sized before first use, and no blocking waits on pplx tasks
// inside a handler (everything chains continuations). The listener runs the
// handler on its own pool threads.
//
// Known gap: a request line the listener itself cannot parse (an invalid
// percent-encoding such as "%zz") is answered "400" with an empty body before
// this adapter sees it, so that one answer is not problem+json.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include <spdlog/logger.h>

#include "api/http_api.h"

namespace cf::api {

struct TransportOptions {
  std::string listenUrl;  // "http://127.0.0.1:8080"
  size_t threads = 4;     // listener pool size
  size_t maxBodyBytes = 1 << 20;
};

class CpprestTransport {
 public:
  CpprestTransport(const HttpApi& api, TransportOptions options, std::shared_ptr<spdlog::logger> log);
  ~CpprestTransport();

  // Throws std::runtime_error when the address cannot be bound.
  void start();
  // Stops accepting requests and waits for the listener to close.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cf::api
