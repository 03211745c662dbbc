#include "api/router.h"

#include <algorithm>

#include "api/problem_response.h"

namespace cf::api {

std::vector<std::string> Router::split(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

void Router::add(const std::string& method, const std::string& pattern, Access access, Handler handler,
                 std::vector<std::string> query) {
  routes_.push_back({method, pattern, split(pattern), access, std::move(handler), std::move(query)});
}

std::vector<std::string> Router::unknownQueryParameters(const Route& route, const Request& request) {
  std::vector<std::string> unknown;
  for (const auto& [name, value] : request.query) {
    if (std::find(route.query.begin(), route.query.end(), name) == route.query.end()) unknown.push_back(name);
  }
  return unknown;
}

bool Router::match(const Route& route, const std::vector<std::string>& segments, Request& request) {
  if (route.segments.size() != segments.size()) return false;
  std::map<std::string, std::string> params;
  for (size_t i = 0; i < segments.size(); ++i) {
    const auto& want = route.segments[i];
    if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
      if (segments[i].empty()) return false;
      params[want.substr(1, want.size() - 2)] = segments[i];
    } else if (want != segments[i]) {
      return false;
    }
  }
  request.pathParams = std::move(params);
  return true;
}

std::variant<const Router::Route*, Response> Router::resolve(Request& request) const {
  if (request.path.empty() || request.path.front() != '/') {
    return problemResponse(request, 404, "notFound", "Not found", "no resource at " + request.path);
  }
  auto segments = split(request.path);
  std::string allowed;
  bool implemented = false;
  for (const auto& route : routes_) {
    implemented = implemented || route.method == request.method;
    if (!match(route, segments, request)) continue;
    if (route.method == request.method) return &route;
    allowed += (allowed.empty() ? "" : ", ") + route.method;
  }
  if (!implemented) {
    // TRACE, CONNECT and made-up methods: refused whatever the path, and
    // never echoed back.
    auto r = problemResponse(request, 405, "methodNotAllowed", "Method not allowed",
                             "this service implements no " + request.method + " requests");
    r.setHeader("Allow", allowed);
    return r;
  }
  if (!allowed.empty()) {
    auto r = problemResponse(request, 405, "methodNotAllowed", "Method not allowed",
                             request.method + " is not supported on " + request.path + "; use " + allowed);
    r.setHeader("Allow", allowed);
    return r;
  }
  return problemResponse(request, 404, "notFound", "Not found", "no resource at " + request.path);
}

}  // namespace cf::api
