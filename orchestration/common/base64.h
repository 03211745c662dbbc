// Base64 (RFC 4648), in the standard alphabet with padding or the URL-safe
// one without. Decoding is strict: a character outside the alphabet is
// refused rather than skipped.
#pragma once

#include <optional>
#include <string>

namespace cf {

enum class Base64Alphabet { Standard, UrlSafe };

std::string base64Encode(const std::string& bytes, Base64Alphabet alphabet = Base64Alphabet::Standard);
std::optional<std::string> base64Decode(const std::string& text, Base64Alphabet alphabet = Base64Alphabet::Standard);

}  // namespace cf
