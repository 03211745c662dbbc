// Cluster property lists (CLUSPROP_*), the byte format ClusterNetworkControl
// and ClusterResourceControl take and return. A client builds them itself;
// the ResUtil helpers need a cluster-database key that only resource DLLs
// have. Layout, all little-endian DWORDs:
//   DWORD count
//   per property: name   { CLUSPROP_SYNTAX_NAME, cbLength, UTF-16 name + NUL, padded to 4 }
//                 values { syntax, cbLength, data padded to 4 } ... one or more
//                 endmark  CLUSPROP_SYNTAX_ENDMARK (a DWORD 0)
// Values are DWORDs (LIST_VALUE_DWORD) or strings (LIST_VALUE_SZ); a
// property may come back with several values (the first is the value).
// Decoding checks every length against the buffer and refuses what overruns.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace cf::clusapi {

constexpr uint32_t kSyntaxEndmark = 0;
constexpr uint32_t kSyntaxName = 0x00040003;
constexpr uint32_t kSyntaxListValueDword = 0x00010002;
constexpr uint32_t kSyntaxListValueSz = 0x00010003;

using PropertyValue = std::variant<uint32_t, std::string>;  // strings in UTF-8

struct Property {
  std::string name;
  std::vector<PropertyValue> values;
};

std::vector<uint8_t> encodePropertyList(const std::vector<Property>& properties);
// Throws std::invalid_argument for a malformed or truncated list.
std::vector<Property> decodePropertyList(const std::vector<uint8_t>& bytes);

// The first value of `name`, when it is there and of that type.
std::optional<uint32_t> dwordProperty(const std::vector<Property>& list, const std::string& name);
std::optional<std::string> stringProperty(const std::vector<Property>& list, const std::string& name);

}  // namespace cf::clusapi
