// Checked reads of JSON documents this program trusts but verifies: lab
// inventories and the answers of its own PowerShell scripts. Each read
// throws std::invalid_argument naming the JSON pointer of the bad field, so
// a broken document is reported where it is broken. (Request bodies go
// through JsonReader instead, which collects field errors for problem+json.)
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "orchestration/model/ipv4.h"

namespace cf::checked {

[[noreturn]] void bad(const std::string& where, const std::string& what);
const nlohmann::json& field(const nlohmann::json& object, const std::string& key, const std::string& where);
std::string text(const nlohmann::json& object, const std::string& key, const std::string& where);
Ipv4Address address(const nlohmann::json& object, const std::string& key, const std::string& where);
int integer(const nlohmann::json& object, const std::string& key, const std::string& where, int min, int max);
// A valid computer name, in canonical (upper) case.
std::string computerName(const nlohmann::json& object, const std::string& key, const std::string& where);

}  // namespace cf::checked
