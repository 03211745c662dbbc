// UTF-8 <-> UTF-16 conversion for the Windows API, which speaks UTF-16
// (PCWSTR) while the rest of the service speaks UTF-8. Strict: malformed
// input (a stray continuation byte, an overlong form, an unpaired surrogate)
// throws std::invalid_argument instead of being passed on to Windows.
// Portable, so it is tested on Linux as well as under Wine.
#pragma once

#include <string>

namespace cf::clusapi {

std::u16string toUtf16(const std::string& utf8);
std::string toUtf8(const std::u16string& utf16);

}  // namespace cf::clusapi
