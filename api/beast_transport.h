// The Linux transport: Boost.Beast over Asio, with the limits and timeouts
// of TransportOptions (transport.h). One session per connection reads a
// request, lets HttpApi answer it on this thread, writes the answer, and only
// then reads the next, so pipelined requests are answered in order. Each
// request thread runs an event loop of its own and a connection stays on the
// one that accepted it: no locks between its steps, but a read that blocks
// (a store read on a cache miss) holds up the other connections of its loop,
// which is why changes wait for their commit on the write pool instead. The
// only file, with its .cpp, that sees Beast or Asio types.
#pragma once

#include <memory>

#include "api/transport.h"

namespace cf::api {

class BeastTransport : public Transport {
 public:
  BeastTransport(const HttpApi& api, TransportOptions options, std::shared_ptr<spdlog::logger> log);
  ~BeastTransport() override;

  void start() override;
  void stop() override;
  void reloadCertificates() override;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace cf::api
