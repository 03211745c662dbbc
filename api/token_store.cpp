#include "api/token_store.h"

#include <random>

#include "orchestration/common/base64.h"
#include "orchestration/common/sha256.h"

namespace cf::api {

std::string newToken() {
  std::random_device entropy;  // the OS's generator (getrandom, BCryptGenRandom)
  std::string bytes(32, '\0');
  for (size_t i = 0; i < bytes.size(); i += 4) {
    uint32_t word = entropy();
    for (size_t k = 0; k < 4; ++k) bytes[i + k] = static_cast<char>((word >> (8 * k)) & 0xFF);
  }
  return "cft_" + base64Encode(bytes, Base64Alphabet::UrlSafe);
}

std::string tokenHash(const std::string& token) { return sha256Hex(token); }

}  // namespace cf::api
