#include "api/cpprest_transport.h"

#include <algorithm>
#include <cctype>

#include <cpprest/http_listener.h>
#include <pplx/threadpool.h>

#include "api/problem_response.h"
#include "api/request_target.h"
#include "orchestration/common/utf8.h"

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
    out.method = toValidUtf8(in.method());
    auto target = parseRequestTarget(in.relative_uri().to_string());
    if (!target) return false;
    out.path = std::move(target->path);
    out.query = std::move(target->query);
    for (const auto& [name, value] : in.headers()) out.headers.insert(normalizedHeader(name, value));
    out.requestId = chooseRequestId(out.header("x-request-id"));
    out.clientAddress = toValidUtf8(in.remote_address());
    return true;
  }

  void handle(http::http_request request) {
    try {
      handleRequest(request);
    } catch (...) {
      // HttpApi contains its own failures; nothing may reach the listener.
      reply(request, Request{},
            transportProblem(500, "internalError", "Internal error", "the request could not be handled"));
    }
  }

  void handleRequest(http::http_request request) {
    if (request.relative_uri().to_string().size() > options.maxUrlBytes) {
      reply(request, Request{},
            transportProblem(414, "uriTooLong", "URI too long",
                             "the request target may be at most " + std::to_string(options.maxUrlBytes) + " bytes"));
      return;
    }
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
      try {
        // A long-poll answers later, from another thread, holding no pool thread meanwhile.
        api.handle(*translated, [this, request, translated](Response response) { reply(request, *translated, response); });
      } catch (...) {
        reply(request, *translated,
              transportProblem(500, "internalError", "Internal error", "the request could not be handled"));
      }
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
    auto handle = [impl = impl_.get()](http::http_request request) { impl->handle(request); };
    impl_->listener->support(handle);
    // The listener answers these two itself unless told otherwise, and its
    // TRACE echoes the request back, cookies and tokens included.
    impl_->listener->support(http::methods::TRCE, handle);
    impl_->listener->support(http::methods::OPTIONS, handle);
    impl_->listener->open().wait();
  } catch (const std::exception& e) {
    impl_->listener.reset();
    throw std::runtime_error("cannot listen on " + impl_->options.listenUrl + ": " + e.what());
  }
}

void CpprestTransport::stop() {
  if (!impl_->listener) return;
  impl_->api.releaseWaits();
  try {
    impl_->listener->close().wait();
  } catch (const std::exception& e) {
    impl_->log->warn("closing the listener: {}", e.what());
  }
  impl_->listener.reset();
}

}  // namespace cf::api
