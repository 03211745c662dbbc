// The HTTP transports behind one seam, chosen by --transport:
// - "beast" (Boost.Beast), the Linux default: header, URL and body limits
//   checked while reading (chunked or not), header/body/keep-alive timeouts,
//   a cap on open connections (then 503 and close), pipelined requests
//   answered in order;
// - "cpprest" (cpprestsdk), what Windows runs over http.sys, which applies
//   its own limits; it stays built and tested on Linux.
// Both fill the project's Request the same way (request_target.h) and hand
// it to HttpApi; neither lets an exception reach its library.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include <spdlog/logger.h>

#include "api/http_api.h"

namespace cf::api {

struct TransportOptions {
  std::string listenUrl;  // "http://127.0.0.1:8080"
  size_t threads = 4;     // request threads (jobs have their own workers)
  // Beast: requests that change state (any method but GET, HEAD, OPTIONS)
  // wait for their commit on a pool of their own, so reads never queue
  // behind a disk flush and concurrent submits share commits.
  size_t writeThreads = 16;
  size_t maxBodyBytes = 1 << 20;
  size_t maxHeaderBytes = 16 << 10;
  size_t maxUrlBytes = 8 << 10;
  std::chrono::milliseconds headerTimeout{10000};     // from the first byte of a request to its last header
  std::chrono::milliseconds bodyTimeout{30000};       // for the whole body
  std::chrono::milliseconds keepAliveTimeout{60000};  // an idle connection between requests
  size_t maxConnections = 512;
  // PEM files for https on the Beast transport; empty: plain http.
  std::string tlsCertFile;
  std::string tlsKeyFile;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Throws std::runtime_error when the address cannot be bound.
  virtual void start() = 0;
  // Stops accepting; requests being handled finish first.
  virtual void stop() = 0;
  // Loads the TLS certificate and key again (SIGHUP); new connections use
  // them. Throws, keeping the old ones, when they cannot be loaded.
  virtual void reloadCertificates() {}
};

// `kind` is "beast" or "cpprest".
std::unique_ptr<Transport> makeTransport(const std::string& kind, const HttpApi& api, TransportOptions options,
                                         std::shared_ptr<spdlog::logger> log);

// Answers a transport gives before HttpApi sees the request (a limit, a
// malformed request line): problem+json with a request id, like every other.
Response transportProblem(int status, const std::string& code, const std::string& title, const std::string& detail,
                          const std::string& path = "");

}  // namespace cf::api
