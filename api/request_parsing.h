// Reading what a client sent: a JSON body with the right media type, and
// bounded integer or enum query parameters. Each returns either the value or
// the problem response to send instead.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "api/http_types.h"
#include "orchestration/common/field_error.h"

namespace cf::api {

// 415 unless Content-Type is application/json (or a +json type); 400 when the
// body is empty, not JSON, nested deeper than `maxDepth` or holds a key twice
// in one object (json_shape.h).
std::variant<nlohmann::json, Response> readJsonBody(const Request& request, size_t maxDepth);

// Where a keyset-paged list resumes and how long a page is: pageToken
// (opaque, as page_token.h makes it) and limit (1 to 200, 50 by default).
struct Paging {
  std::optional<int64_t> beforeSeq;
  int limit = 50;
};

// Reads the paging parameters; answers 400 with them and `filterErrors`,
// the list's own parameters found wrong before, when any is wrong.
std::variant<Paging, Response> readPaging(const Request& request, FieldErrors filterErrors);

// {"items": [...], "nextPageToken": token or null}
// `itemsArray` is the items' JSON array as text.
Response renderedPageResponse(const std::string& itemsArray, const std::optional<int64_t>& nextBeforeSeq);
Response pageResponse(const nlohmann::json& items, const std::optional<int64_t>& nextBeforeSeq);

// The query parameter as "true" or "false", `fallback` when absent; 400 otherwise.
std::variant<bool, Response> booleanQuery(const Request& request, const std::string& name, bool fallback);

// The query parameter as an integer in [min, max], `fallback` when absent; 400 otherwise.
std::variant<long long, Response> integerQuery(const Request& request, const std::string& name, long long min,
                                               long long max, long long fallback);

}  // namespace cf::api
