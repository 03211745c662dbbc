// HMAC-SHA256 (RFC 2104 over FIPS 180-4), what webhook deliveries are signed
// with, so a receiver can tell them from forgeries with the shared secret.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace cf {

std::array<uint8_t, 32> hmacSha256(std::string_view key, std::string_view message);
std::string hmacSha256Hex(std::string_view key, std::string_view message);

}  // namespace cf
