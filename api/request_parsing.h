// Reading what a client sent: a JSON body with the right media type, and
// bounded integer or enum query parameters. Each returns either the value or
// the problem response to send instead.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "api/http_types.h"

namespace cf::api {

// 415 unless Content-Type is application/json (or a +json type); 400 when the
// body is empty, not JSON, nested deeper than `maxDepth` or holds a key twice
// in one object (json_shape.h).
std::variant<nlohmann::json, Response> readJsonBody(const Request& request, size_t maxDepth);

// The query parameter as an integer in [min, max], `fallback` when absent; 400 otherwise.
std::variant<long long, Response> integerQuery(const Request& request, const std::string& name, long long min,
                                               long long max, long long fallback);

}  // namespace cf::api
