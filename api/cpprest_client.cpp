#include <cctype>

#include <cpprest/containerstream.h>
#include <cpprest/http_client.h>

#include "api/http_client.h"

namespace cf::api {

namespace {

namespace http = web::http;
using utility::conversions::to_string_t;
using utility::conversions::to_utf8string;

class CpprestHttpClient : public HttpClient {
 public:
  OutboundResponse send(const OutboundRequest& request) override {
    OutboundResponse out;
    try {
      http::client::http_client_config config;
      config.set_timeout(request.timeout);
      http::client::http_client client(web::uri(to_string_t(request.url)), config);
      http::http_request message(to_string_t(request.method));
      std::string contentType;
      for (const auto& [name, value] : request.headers) {
        if (name == "Content-Type") contentType = value;
        else message.headers().add(to_string_t(name), to_string_t(value));
      }
      if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
        message.set_body(request.body, contentType.empty() ? "application/json" : contentType);
      }
      http::http_response response = client.request(message).get();
      out.status = response.status_code();
      for (const auto& [name, value] : response.headers()) {
        std::string lower = to_utf8string(name);
        for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out.headers[lower] = to_utf8string(value);
      }
      if (response.headers().content_length() > request.maxResponseBytes) {
        out.status.reset();
        out.error = "the answer's body of " + std::to_string(response.headers().content_length()) +
                    " bytes is over the " + std::to_string(request.maxResponseBytes) + " this client reads";
        return out;
      }
      // Read in pieces, so a body sent without a length cannot grow past the limit either.
      concurrency::streams::container_buffer<std::string> buffer;
      size_t total = 0;
      while (total <= request.maxResponseBytes) {
        size_t got = response.body().read(buffer, request.maxResponseBytes + 1 - total).get();
        if (got == 0) break;
        total += got;
      }
      if (total > request.maxResponseBytes) {
        out.status.reset();
        out.error = "the answer's body is over the " + std::to_string(request.maxResponseBytes) +
                    " bytes this client reads";
        return out;
      }
      out.body = std::move(buffer.collection());
    } catch (const std::exception& e) {
      if (!out.status) out.error = e.what();
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<HttpClient> makeHttpClient() { return std::make_unique<CpprestHttpClient>(); }

}  // namespace cf::api
