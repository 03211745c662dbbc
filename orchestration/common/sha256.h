// SHA-256 (FIPS 180-4), for what must be kept only as a hash (bearer tokens)
// on every platform without another library.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace cf {

std::array<uint8_t, 32> sha256(std::string_view data);
std::string sha256Hex(std::string_view data);
// A digest as lower-case hex.
std::string digestHex(const std::array<uint8_t, 32>& digest);

}  // namespace cf
