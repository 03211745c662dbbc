#include "orchestration/model/checked_json.h"

#include <stdexcept>

#include "orchestration/model/computer_name.h"

namespace cf::checked {

using nlohmann::json;

void bad(const std::string& where, const std::string& what) { throw std::invalid_argument(where + ": " + what); }

const json& field(const json& object, const std::string& key, const std::string& where) {
  if (!object.is_object() || !object.contains(key)) bad(where, "missing field '" + key + "'");
  return object.at(key);
}

std::string text(const json& object, const std::string& key, const std::string& where) {
  const auto& v = field(object, key, where);
  if (!v.is_string()) bad(where + "/" + key, "must be a string");
  return v.get<std::string>();
}

Ipv4Address address(const json& object, const std::string& key, const std::string& where) {
  auto parsed = Ipv4Address::parse(text(object, key, where));
  if (!parsed) bad(where + "/" + key, "is not an IPv4 address");
  return *parsed;
}

int integer(const json& object, const std::string& key, const std::string& where, int min, int max) {
  const auto& v = field(object, key, where);
  if (!v.is_number_integer() || v.get<int64_t>() < min || v.get<int64_t>() > max) {
    bad(where + "/" + key, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return v.get<int>();
}

std::string computerName(const json& object, const std::string& key, const std::string& where) {
  std::string name = text(object, key, where);
  if (auto problem = computerNameProblem(name)) bad(where + "/" + key, *problem);
  return canonicalName(name);
}

}  // namespace cf::checked
