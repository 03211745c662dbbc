#include "api/public_url.h"

#include <cctype>

namespace cf::api {

namespace {

// host, host:port, [v6]:port: letters, digits, dots, hyphens, colons and
// brackets only, so nothing a client sends can smuggle more into a header.
bool plainAuthority(const std::string& host) {
  if (host.empty() || host.size() > 255) return false;
  for (unsigned char c : host) {
    if (!std::isalnum(c) && c != '.' && c != '-' && c != ':' && c != '[' && c != ']') return false;
  }
  return true;
}

}  // namespace

std::string baseUrlOf(const Request& request, const std::string& publicUrl, const std::string& scheme) {
  if (!publicUrl.empty()) return publicUrl.back() == '/' ? publicUrl.substr(0, publicUrl.size() - 1) : publicUrl;
  auto host = request.header("host");
  if (!host || !plainAuthority(*host)) return "";
  return scheme + "://" + *host;
}

void makeLocationsAbsolute(Response& response, const std::string& base) {
  if (base.empty()) return;
  for (auto& [name, value] : response.headers) {
    if ((name == "Location" || name == "Operation-Location") && !value.empty() && value.front() == '/') {
      value = base + value;
    }
  }
}

std::optional<std::string> publicUrlProblem(const std::string& url) {
  std::string rest;
  if (url.rfind("http://", 0) == 0) rest = url.substr(7);
  else if (url.rfind("https://", 0) == 0) rest = url.substr(8);
  else return "must start with http:// or https://";
  std::string authority = rest.substr(0, rest.find('/'));
  if (!plainAuthority(authority))
    return "must name a host (and optionally a port), like https://clusterforge.contoso.local:8443";
  std::string path = rest.size() > authority.size() ? rest.substr(authority.size()) : "";
  for (unsigned char c : path) {
    if (!std::isalnum(c) && c != '/' && c != '-' && c != '_' && c != '.' && c != '~') {
      return "may have a path of letters, digits, / - _ . ~ only, and no query or fragment";
    }
  }
  return std::nullopt;
}

}  // namespace cf::api
