#include "orchestration/common/hmac_sha256.h"

#include "orchestration/common/sha256.h"

namespace cf {

std::array<uint8_t, 32> hmacSha256(std::string_view key, std::string_view message) {
  constexpr size_t kBlock = 64;
  std::string block(kBlock, '\0');
  if (key.size() > kBlock) {
    auto digest = sha256(key);
    block.replace(0, digest.size(), reinterpret_cast<const char*>(digest.data()), digest.size());
  } else {
    block.replace(0, key.size(), key.data(), key.size());
  }
  std::string inner(kBlock, '\0');
  std::string outer(kBlock, '\0');
  for (size_t i = 0; i < kBlock; ++i) {
    inner[i] = static_cast<char>(block[i] ^ 0x36);
    outer[i] = static_cast<char>(block[i] ^ 0x5c);
  }
  inner.append(message.data(), message.size());
  auto innerDigest = sha256(inner);
  outer.append(reinterpret_cast<const char*>(innerDigest.data()), innerDigest.size());
  return sha256(outer);
}

std::string hmacSha256Hex(std::string_view key, std::string_view message) {
  return digestHex(hmacSha256(key, message));
}

}  // namespace cf
