// Maps (method, path) to a handler. Patterns are literal segments and
// "{param}" segments ("/v1/jobs/{id}/events"). A path no pattern matches is a
// 404; a path that matches with another method is a 405 with an Allow header,
// and so is a method no route uses, whatever the path. Each route names the
// query parameters it takes; unknownQueryParameters() lists the others sent.
#pragma once

#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "api/access.h"
#include "api/http_types.h"

namespace cf::api {

using Handler = std::function<Response(Request&)>;

class Router {
 public:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Access access;  // what a caller needs: the authorization matrix is these
    Handler handler;
    std::vector<std::string> query;  // the query parameters it takes; any other is refused
  };

  void add(const std::string& method, const std::string& pattern, Access access, Handler handler,
           std::vector<std::string> query = {});
  // The route for the request, its path parameters filled in, or the 404 or
  // 405 to answer.
  std::variant<const Route*, Response> resolve(Request& request) const;
  // The query parameters of `request` that `route` does not take.
  static std::vector<std::string> unknownQueryParameters(const Route& route, const Request& request);

 private:
  static std::vector<std::string> split(const std::string& path);
  static bool match(const Route& route, const std::vector<std::string>& segments, Request& request);

  std::vector<Route> routes_;
};

}  // namespace cf::api
