// Strict reading of a JSON object from a request, collecting every problem
// with the JSON Pointer of the field it concerns instead of stopping at the
// first. Fields the reader was never asked about are reported as unknown, so
// a typo ("node" for "nodes") is an error rather than a silently ignored field.
#pragma once

#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "orchestration/common/field_error.h"

namespace cf {

// JSON Pointer escaping of one reference token (RFC 6901: "~" -> "~0", "/" -> "~1").
std::string jsonPointerToken(const std::string& token);

class JsonObjectReader {
 public:
  // `pointer` is where `value` sits in the request body ("" for the root).
  JsonObjectReader(const nlohmann::json& value, std::string pointer, FieldErrors& errors);

  bool isObject() const { return object_ != nullptr; }
  // Whether `key` is present (and not null); counts as read.
  bool has(const std::string& key) { return member(key) != nullptr; }

  std::optional<std::string> requiredString(const std::string& key, size_t maxLength);
  std::optional<std::string> optionalString(const std::string& key, size_t maxLength);
  std::optional<bool> optionalBool(const std::string& key);
  // Integers only: 24.0 and "24" are refused like any other non-integer.
  std::optional<long long> optionalInteger(const std::string& key, long long min, long long max);
  std::optional<long long> requiredInteger(const std::string& key, long long min, long long max);
  // The array under `key`, checked for type and size; nullptr if absent or invalid.
  const nlohmann::json* requiredArray(const std::string& key, size_t minItems, size_t maxItems);
  const nlohmann::json* optionalArray(const std::string& key, size_t minItems, size_t maxItems);
  const nlohmann::json* optionalObject(const std::string& key);

  std::string pointerTo(const std::string& key) const { return pointer_ + "/" + jsonPointerToken(key); }
  void error(const std::string& key, const std::string& detail);

  // Reports every member that no accessor asked for. Call after reading.
  void rejectUnknownFields();

 private:
  const nlohmann::json* member(const std::string& key);
  const nlohmann::json* array(const std::string& key, size_t minItems, size_t maxItems, bool required);

  const nlohmann::json* object_ = nullptr;
  std::string pointer_;
  FieldErrors& errors_;
  std::set<std::string> known_;
};

}  // namespace cf
