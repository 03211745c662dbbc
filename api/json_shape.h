// A streaming look at a request body before it becomes a JSON document: it
// must be JSON, nested at most `maxDepth` deep (a DOM of 100,000 nested arrays
// overflows the stack when it is copied or destroyed), and hold no object with
// the same key twice (which one would win is anybody's guess). The pass keeps
// only a stack of open containers, so a hostile body costs no more than its
// bytes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cf::api {

constexpr size_t kMaxJsonDepth = 64;

struct JsonShapeProblem {
  enum class Kind { Syntax, TooDeep, DuplicateKey };
  Kind kind = Kind::Syntax;
  std::string pointer;  // JSON Pointer of the container or key; "" for syntax
  size_t byte = 0;      // for syntax errors
  std::string detail;
};

std::optional<JsonShapeProblem> checkJsonShape(std::string_view text, size_t maxDepth = kMaxJsonDepth);

}  // namespace cf::api
