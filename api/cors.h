// CORS for the browser origins the operator named (--cors-origin) and no
// others: a preflight from one of them is answered without a token (browsers
// send none on a preflight), and the answers to its requests carry the
// headers its scripts need to read them. Any other origin gets nothing extra,
// so a browser keeps its own same-origin rule.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/http_types.h"

namespace cf::api {

class CorsPolicy {
 public:
  explicit CorsPolicy(std::vector<std::string> origins) : origins_(std::move(origins)) {}

  // The answer to a preflight (OPTIONS with Access-Control-Request-Method)
  // from an allowed origin; nullopt for anything else.
  std::optional<Response> preflight(const Request& request) const;
  // Adds Access-Control-Allow-Origin and the exposed headers for an allowed origin.
  void decorate(const Request& request, Response& response) const;

 private:
  bool allowed(const Request& request) const;

  std::vector<std::string> origins_;
};

}  // namespace cf::api
