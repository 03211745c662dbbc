// Fuzzes the page token a client sends back: decode() must refuse anything
// this service did not make, and what it accepts must encode to itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "api/page_token.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string token(reinterpret_cast<const char*>(data), size);
  if (auto seq = cf::api::decodePageToken(token)) {
    if (cf::api::decodePageToken(cf::api::encodePageToken(*seq)) != seq) std::abort();
  }
  return 0;
}
