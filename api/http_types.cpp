#include "api/http_types.h"

#include <algorithm>
#include <cctype>

namespace cf::api {

namespace {
bool equalIgnoringCase(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

template <typename Map>
std::optional<std::string> lookup(const Map& map, const std::string& key) {
  auto it = map.find(key);
  if (it == map.end()) return std::nullopt;
  return it->second;
}
}  // namespace

std::optional<std::string> Request::header(const std::string& lowerCaseName) const {
  return lookup(headers, lowerCaseName);
}

std::optional<std::string> Request::queryParam(const std::string& name) const { return lookup(query, name); }

void Response::setHeader(const std::string& name, const std::string& value) {
  for (auto& [n, v] : headers) {
    if (equalIgnoringCase(n, name)) {
      v = value;
      return;
    }
  }
  headers.emplace_back(name, value);
}

std::optional<std::string> Response::header(const std::string& name) const {
  for (const auto& [n, v] : headers) {
    if (equalIgnoringCase(n, name)) return v;
  }
  return std::nullopt;
}

}  // namespace cf::api
