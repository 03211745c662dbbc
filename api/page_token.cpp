#include "api/page_token.h"

#include "orchestration/common/base64.h"

namespace cf::api {

namespace {
const std::string kPrefix = "cf1.";
}  // namespace

std::string encodePageToken(int64_t beforeSeq) {
  return base64Encode(kPrefix + std::to_string(beforeSeq), Base64Alphabet::UrlSafe);
}

std::optional<int64_t> decodePageToken(const std::string& token) {
  if (token.empty() || token.size() > 64) return std::nullopt;
  auto text = base64Decode(token, Base64Alphabet::UrlSafe);
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
