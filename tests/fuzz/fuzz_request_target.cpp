// Fuzzes what both transports do first with a request: split and decode its
// target, and normalise a header. Nothing may crash, and what comes out must
// be valid UTF-8 (it goes into JSON answers and log lines).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "api/request_target.h"
#include "orchestration/common/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  if (auto target = cf::api::parseRequestTarget(input)) {
    if (!cf::isValidUtf8(target->path)) std::abort();
    for (const auto& [key, value] : target->query) {
      if (!cf::isValidUtf8(key) || !cf::isValidUtf8(value)) std::abort();
    }
  }
  size_t colon = input.find(':');
  auto [name, value] = cf::api::normalizedHeader(input.substr(0, colon),
                                                 colon == std::string_view::npos ? "" : input.substr(colon + 1));
  if (!cf::isValidUtf8(name) || !cf::isValidUtf8(value)) std::abort();
  if (cf::toValidUtf8(input) != cf::toValidUtf8(cf::toValidUtf8(input))) std::abort();
  return 0;
}
