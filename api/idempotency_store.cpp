#include "api/idempotency_store.h"

namespace cf::api {

uint64_t fingerprintOf(const std::string& bytes) {
  uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string requestKeyOf(const std::string& key, const std::string& scope) {
  // A key has no control characters, so the newline cannot be part of it.
  return key + "\n" + scope;
}

}  // namespace cf::api
