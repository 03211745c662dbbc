#include "api/request_target.h"

#include <cctype>

#include "orchestration/common/utf8.h"

namespace cf::api {

namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    int hi = hexValue(text[i + 1]);
    int lo = hexValue(text[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return toValidUtf8(out);
}

}  // namespace

std::optional<RequestTarget> parseRequestTarget(std::string_view target) {
  if (target.empty() || target.front() != '/') return std::nullopt;
  size_t question = target.find('?');
  auto path = percentDecode(target.substr(0, question));
  if (!path) return std::nullopt;
  RequestTarget out{*path, {}};
  if (question == std::string_view::npos) return out;
  std::string_view query = target.substr(question + 1);
  size_t hash = query.find('#');
  if (hash != std::string_view::npos) query = query.substr(0, hash);
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    auto key = percentDecode(pair.substr(0, eq));
    auto value = percentDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    if (!key || !value) return std::nullopt;
    out.query[*key] = *value;
  }
  return out;
}

std::pair<std::string, std::string> normalizedHeader(std::string_view name, std::string_view value) {
  std::string lower = toValidUtf8(name);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return {lower, toValidUtf8(value)};
}

}  // namespace cf::api
