#include "api/cors.h"

#include <algorithm>

namespace cf::api {

bool CorsPolicy::allowed(const Request& request) const {
  auto origin = request.header("origin");
  return origin && std::find(origins_.begin(), origins_.end(), *origin) != origins_.end();
}

std::optional<Response> CorsPolicy::preflight(const Request& request) const {
  if (request.method != "OPTIONS" || !request.header("access-control-request-method") || !allowed(request)) {
    return std::nullopt;
  }
  Response r;
  r.status = 204;
  r.setHeader("Access-Control-Allow-Origin", *request.header("origin"));
  r.setHeader("Access-Control-Allow-Methods", "GET, PUT, POST, DELETE");
  r.setHeader("Access-Control-Allow-Headers",
              "Authorization, Content-Type, Idempotency-Key, If-Match, If-None-Match, Prefer, X-Request-Id");
  r.setHeader("Access-Control-Max-Age", "600");
  r.setHeader("Vary", "Origin");
  return r;
}

void CorsPolicy::decorate(const Request& request, Response& response) const {
  if (!allowed(request)) return;
  response.setHeader("Access-Control-Allow-Origin", *request.header("origin"));
  response.setHeader("Access-Control-Expose-Headers",
                     "Location, Operation-Location, ETag, Retry-After, X-Request-Id, Idempotent-Replayed");
  response.setHeader("Vary", "Origin");
}

}  // namespace cf::api
