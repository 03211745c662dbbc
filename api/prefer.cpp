#include "api/prefer.h"

#include <algorithm>
#include <cctype>

namespace cf::api {

namespace {

std::string trimmed(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  size_t end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

bool equalsIgnoringCase(const std::string& a, const char* b) {
  size_t i = 0;
  for (; i < a.size() && b[i]; ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return i == a.size() && !b[i];
}

}  // namespace

std::optional<std::chrono::seconds> preferredWait(const std::string& headerValue) {
  // preference *( "," preference ); a preference is token [ "=" word ] *( ";" parameter ).
  size_t start = 0;
  while (start <= headerValue.size()) {
    size_t comma = headerValue.find(',', start);
    std::string preference = headerValue.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    std::string head = preference.substr(0, preference.find(';'));
    size_t equals = head.find('=');
    if (equals != std::string::npos && equalsIgnoringCase(trimmed(head.substr(0, equals)), "wait")) {
      std::string value = trimmed(head.substr(equals + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
      if (value.empty() || value.size() > 12) return std::nullopt;
      long long seconds = 0;
      for (char c : value) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
        seconds = seconds * 10 + (c - '0');
      }
      return std::chrono::seconds(std::min<long long>(seconds, kMaxPreferredWait.count()));
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return std::nullopt;
}

}  // namespace cf::api
