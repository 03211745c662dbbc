// Fuzzes the Prefer header (RFC 7240) a long-polling client sends: whatever
// the bytes, the wait read from it is never negative nor over the cap, and a
// well-formed wait preference appended after them is still found when the
// bytes hold no wait of their own.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "api/prefer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string header(reinterpret_cast<const char*>(data), size);
  auto wait = cf::api::preferredWait(header);
  if (wait && (wait->count() < 0 || *wait > cf::api::kMaxPreferredWait)) std::abort();
  if (!wait && header.find('=') == std::string::npos && header.find(',') == std::string::npos) {
    auto appended = cf::api::preferredWait(header + ", wait=5");
    if (!appended || appended->count() != 5) std::abort();
  }
  return 0;
}
