#include "orchestration/common/base64.h"

#include <cstdint>

namespace cf {

namespace {
const char* letters(Base64Alphabet a) {
  return a == Base64Alphabet::Standard ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
                                       : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
}
}  // namespace

std::string base64Encode(const std::string& bytes, Base64Alphabet alphabet) {
  const char* table = letters(alphabet);
  bool pad = alphabet == Base64Alphabet::Standard;
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t n = static_cast<uint32_t>(static_cast<uint8_t>(bytes[i])) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<uint32_t>(static_cast<uint8_t>(bytes[i + 1])) << 8;
    if (i + 2 < bytes.size()) n |= static_cast<uint8_t>(bytes[i + 2]);
    out += table[(n >> 18) & 63];
    out += table[(n >> 12) & 63];
    if (i + 1 < bytes.size()) out += table[(n >> 6) & 63];
    else if (pad) out += '=';
    if (i + 2 < bytes.size()) out += table[n & 63];
    else if (pad) out += '=';
  }
  return out;
}

std::optional<std::string> base64Decode(const std::string& text, Base64Alphabet alphabet) {
  const std::string table = letters(alphabet);
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  size_t end = text.find_last_not_of('=');
  std::string body = end == std::string::npos ? "" : text.substr(0, end + 1);
  if (alphabet == Base64Alphabet::UrlSafe && body.size() != text.size()) return std::nullopt;
  for (char c : body) {
    auto value = table.find(c);
    if (value == std::string::npos) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xFF);
      bits -= 8;
    }
  }
  return out;
}

}  // namespace cf
