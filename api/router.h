// Maps (method, path) to a handler. Patterns are literal segments and
// "{param}" segments ("/v1/jobs/{id}/events"). A path no pattern matches is a
// 404; a path that matches with another method is a 405 with an Allow header,
// and so is a method no route uses, whatever the path.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "api/http_types.h"

namespace cf::api {

using Handler = std::function<Response(Request&)>;

class Router {
 public:
  void add(const std::string& method, const std::string& pattern, Handler handler);
  Response dispatch(Request& request) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    Handler handler;
  };
  static std::vector<std::string> split(const std::string& path);
  static bool match(const Route& route, const std::vector<std::string>& segments, Request& request);

  std::vector<Route> routes_;
};

}  // namespace cf::api
