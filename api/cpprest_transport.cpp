#include "api/cpprest_transport.h"

#include <algorithm>
#include <cctype>

#include <cpprest/http_listener.h>
#include <pplx/threadpool.h>

#include "api/problem_response.h"

namespace cf::api {

namespace http = web::http;
using http::experimental::listener::http_listener;

struct CpprestTransport::Impl {
  const HttpApi& api;
  TransportOptions options;
  std::shared_ptr<spdlog::logger> log;
  std::unique_ptr<http_listener> listener;

  void reply(http::http_request request, const Request& translated, const Response& response) {
    http::http_response out(static_cast<http::status_code>(response.status));
    for (const auto& [name, value] : response.headers) out.headers().add(name, value);
    if (!response.header("X-Request-Id")) out.headers().add("X-Request-Id", translated.requestId);
    if (!response.contentType.empty()) out.set_body(response.body, response.contentType);
    request.reply(out).then([this](pplx::task<void> sent) {
      try {
        sent.get();
      } catch (const std::exception& e) {
        log->debug("could not send a response: {}", e.what());
      }
    });
  }

  // Fills everything but the body; false when the request line cannot be read.
  bool translate(const http::http_request& in, Request& out) {
    out.method = in.method();
    try {
      out.path = web::uri::decode(in.relative_uri().path());
      for (const auto& [key, value] : web::uri::split_query(in.relative_uri().query())) {
        out.query[web::uri::decode(key)] = web::uri::decode(value);
      }
    } catch (const std::exception&) {
      return false;
    }
    for (const auto& [name, value] : in.headers()) {
      std::string lower = name;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      out.headers[lower] = value;
    }
    out.requestId = chooseRequestId(out.header("x-request-id"));
    return true;
  }

  void handle(http::http_request request) {
    auto translated = std::make_shared<Request>();
    if (!translate(request, *translated)) {
      translated->requestId = chooseRequestId(std::nullopt);
      reply(request, *translated,
            problemResponse(*translated, 400, "malformedRequest", "Malformed request",
                            "the request URI is not validly percent-encoded"));
      return;
    }
    auto length = translated->header("content-length");
    auto chunked = translated->header("transfer-encoding");
    if (chunked && !length) {
      reply(request, *translated,
            problemResponse(*translated, 411, "lengthRequired", "Length required",
                            "send the body with a Content-Length header"));
      return;
    }
    if (request.headers().content_length() > options.maxBodyBytes) {
      reply(request, *translated,
            problemResponse(*translated, 413, "payloadTooLarge", "Request body too large",
                            "the body may be at most " + std::to_string(options.maxBodyBytes) + " bytes"));
      return;
    }
    request.extract_string(true).then([this, request, translated](pplx::task<std::string> body) {
      try {
        translated->body = body.get();
      } catch (const std::exception& e) {
        reply(request, *translated,
              problemResponse(*translated, 400, "malformedRequest", "Malformed request",
                              std::string("the body could not be read: ") + e.what()));
        return;
      }
      reply(request, *translated, api.handle(*translated));
    });
  }
};

CpprestTransport::CpprestTransport(const HttpApi& api, TransportOptions options, std::shared_ptr<spdlog::logger> log)
    : impl_(new Impl{api, std::move(options), std::move(log), nullptr}) {}

CpprestTransport::~CpprestTransport() { stop(); }

void CpprestTransport::start() {
  // Must happen before the pool's first use, or the default of 40 threads stays.
  crossplat::threadpool::initialize_with_threads(impl_->options.threads);
  try {
    impl_->listener = std::make_unique<http_listener>(web::uri(impl_->options.listenUrl));
    impl_->listener->support([impl = impl_.get()](http::http_request request) { impl->handle(request); });
    impl_->listener->open().wait();
  } catch (const std::exception& e) {
    impl_->listener.reset();
    throw std::runtime_error("cannot listen on " + impl_->options.listenUrl + ": " + e.what());
  }
}

void CpprestTransport::stop() {
  if (!impl_->listener) return;
  try {
    impl_->listener->close().wait();
  } catch (const std::exception& e) {
    impl_->log->warn("closing the listener: {}", e.what());
  }
  impl_->listener.reset();
}

}  // namespace cf::api
