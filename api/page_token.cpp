#include "api/page_token.h"

namespace cf::api {

namespace {

const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const std::string kPrefix = "cf1.";

std::string base64url(const std::string& in) {
  std::string out;
  int bits = 0;
  uint32_t buffer = 0;
  for (unsigned char c : in) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      out += kAlphabet[(buffer >> (bits - 6)) & 0x3F];
      bits -= 6;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 0x3F];
  return out;
}

std::optional<std::string> unbase64url(const std::string& in) {
  std::string out;
  int bits = 0;
  uint32_t buffer = 0;
  for (char c : in) {
    const char* p = nullptr;
    for (const char* a = kAlphabet; *a; ++a) {
      if (*a == c) p = a;
    }
    if (!p) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(p - kAlphabet);
    bits += 6;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xFF);
      bits -= 8;
    }
  }
  return out;
}

}  // namespace

std::string encodePageToken(int64_t beforeSeq) { return base64url(kPrefix + std::to_string(beforeSeq)); }

std::optional<int64_t> decodePageToken(const std::string& token) {
  if (token.empty() || token.size() > 64) return std::nullopt;
  auto text = unbase64url(token);
  if (!text || text->compare(0, kPrefix.size(), kPrefix) != 0) return std::nullopt;
  std::string digits = text->substr(kPrefix.size());
  if (digits.empty() || digits.size() > 18) return std::nullopt;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  int64_t value = std::stoll(digits);
  if (value <= 0) return std::nullopt;
  return value;
}

}  // namespace cf::api
