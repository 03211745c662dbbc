// Fuzzes the entity-tag lists a client sends in If-Match and If-None-Match:
// whatever the bytes, checkIfMatch answers 412 or lets the request on (never
// 428, since the header is there), and a list that holds the current tag
// always matches it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "api/entity_tag.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string current = cf::api::entityTagOf("{\"name\":\"EXCLUSTER\"}");
  cf::api::Request request;
  request.method = "DELETE";
  request.path = "/v1/clusters/EXCLUSTER";
  std::string header(reinterpret_cast<const char*>(data), size);
  request.headers["if-match"] = header;
  request.headers["if-none-match"] = header;
  auto refused = cf::api::checkIfMatch(request, current);
  if (refused && refused->status != 412) std::abort();
  cf::api::ifNoneMatchHits(request, current);
  request.headers["if-match"] = header + ", " + current;
  request.headers["if-none-match"] = header + ", " + current;
  if (cf::api::checkIfMatch(request, current) || !cf::api::ifNoneMatchHits(request, current)) std::abort();
  return 0;
}
