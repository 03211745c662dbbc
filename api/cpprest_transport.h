// The Windows transport: cpprestsdk's listener (over http.sys there),
// adapted to HttpApi. The only file, with its .cpp, that sees cpprestsdk
// types, and kept thin.
//
// It owns the mitigations for the listener's known gaps: a request body limit
// (413 before the body is read; chunked bodies without a length get 411), a
// URL limit (414), the worker pool sized before first use, no blocking waits
// on pplx tasks inside a handler (everything chains continuations), and no
// exception let into the library. Header limits, timeouts and connection caps
// are http.sys's on Windows; on Linux, where it runs for tests, the Beast
// transport has them.
//
// Known gap: a request line the listener itself cannot parse (an invalid
// percent-encoding such as "%zz") is answered "400" with an empty body before
// this adapter sees it, so that one answer is not problem+json.
#pragma once

#include <memory>

#include "api/transport.h"

namespace cf::api {

class CpprestTransport : public Transport {
 public:
  CpprestTransport(const HttpApi& api, TransportOptions options, std::shared_ptr<spdlog::logger> log);
  ~CpprestTransport() override;

  void start() override;
  void stop() override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cf::api
