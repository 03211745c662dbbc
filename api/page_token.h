// Opaque page tokens for keyset-paged lists. A token encodes where the next
// page starts; clients must treat it as an opaque string. decode() refuses
// anything this service did not make.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace cf::api {

std::string encodePageToken(int64_t beforeSeq);
std::optional<int64_t> decodePageToken(const std::string& token);

}  // namespace cf::api
