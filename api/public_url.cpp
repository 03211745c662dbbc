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

}  // namespace cf::api
