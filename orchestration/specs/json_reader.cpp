#include "orchestration/specs/json_reader.h"

namespace cf {

std::string jsonPointerToken(const std::string& token) {
  std::string out;
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

JsonObjectReader::JsonObjectReader(const nlohmann::json& value, std::string pointer, FieldErrors& errors)
    : pointer_(std::move(pointer)), errors_(errors) {
  if (value.is_object()) {
    object_ = &value;
  } else {
    errors_.push_back(FieldError::body(pointer_, "must be a JSON object"));
  }
}

void JsonObjectReader::error(const std::string& key, const std::string& detail) {
  errors_.push_back(FieldError::body(pointerTo(key), detail));
}

const nlohmann::json* JsonObjectReader::member(const std::string& key) {
  known_.insert(key);
  if (!object_) return nullptr;
  auto it = object_->find(key);
  if (it == object_->end() || it->is_null()) return nullptr;
  return &*it;
}

std::optional<std::string> JsonObjectReader::optionalString(const std::string& key, size_t maxLength) {
  const auto* v = member(key);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    error(key, "must be a string");
    return std::nullopt;
  }
  const auto& s = v->get_ref<const std::string&>();
  if (s.size() > maxLength) {
    error(key, "must be at most " + std::to_string(maxLength) + " characters");
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> JsonObjectReader::requiredString(const std::string& key, size_t maxLength) {
  if (object_ && !member(key)) {
    error(key, "is required");
    return std::nullopt;
  }
  return optionalString(key, maxLength);
}

std::optional<bool> JsonObjectReader::optionalBool(const std::string& key) {
  const auto* v = member(key);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    error(key, "must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<long long> JsonObjectReader::optionalInteger(const std::string& key, long long min, long long max) {
  const auto* v = member(key);
  if (!v) return std::nullopt;
  std::string range = "an integer from " + std::to_string(min) + " to " + std::to_string(max);
  if (!v->is_number_integer()) {
    error(key, "must be " + range);
    return std::nullopt;
  }
  bool fits = v->is_number_unsigned() ? v->get<unsigned long long>() <= static_cast<unsigned long long>(max) : true;
  long long n = fits ? v->get<long long>() : max + 1;
  if (!fits || n < min || n > max) {
    error(key, "must be " + range);
    return std::nullopt;
  }
  return n;
}

std::optional<long long> JsonObjectReader::requiredInteger(const std::string& key, long long min, long long max) {
  if (object_ && !member(key)) {
    error(key, "is required");
    return std::nullopt;
  }
  return optionalInteger(key, min, max);
}

const nlohmann::json* JsonObjectReader::array(const std::string& key, size_t minItems, size_t maxItems, bool required) {
  const auto* v = member(key);
  if (!v) {
    if (required && object_) error(key, "is required");
    return nullptr;
  }
  if (!v->is_array()) {
    error(key, "must be an array");
    return nullptr;
  }
  if (v->size() < minItems || v->size() > maxItems) {
    error(key, "must have from " + std::to_string(minItems) + " to " + std::to_string(maxItems) + " items (has " +
                   std::to_string(v->size()) + ")");
    return nullptr;
  }
  return v;
}

const nlohmann::json* JsonObjectReader::requiredArray(const std::string& key, size_t minItems, size_t maxItems) {
  return array(key, minItems, maxItems, true);
}

const nlohmann::json* JsonObjectReader::optionalArray(const std::string& key, size_t minItems, size_t maxItems) {
  return array(key, minItems, maxItems, false);
}

const nlohmann::json* JsonObjectReader::optionalObject(const std::string& key) {
  const auto* v = member(key);
  if (!v) return nullptr;
  if (!v->is_object()) {
    error(key, "must be a JSON object");
    return nullptr;
  }
  return v;
}

void JsonObjectReader::rejectUnknownFields() {
  if (!object_) return;
  for (const auto& item : object_->items()) {
    if (!known_.count(item.key())) error(item.key(), "is not a known field");
  }
}

}  // namespace cf
