// What both transports do with the raw request line and headers before a
// handler sees them: the origin-form target ("/v1/jobs?limit=5") split into a
// percent-decoded path and query, and every string made valid UTF-8, so that
// nothing a client sends can make a JSON answer or a log line fail.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace cf::api {

struct RequestTarget {
  std::string path;
  std::map<std::string, std::string> query;  // a repeated name keeps its last value
};

// nullopt when the target is not origin-form or its percent-encoding is broken.
std::optional<RequestTarget> parseRequestTarget(std::string_view target);

// The header's name in lower case and its value as valid UTF-8.
std::pair<std::string, std::string> normalizedHeader(std::string_view name, std::string_view value);

}  // namespace cf::api
