// Text from outside (a request's path, query and headers) made safe to put in
// a JSON document or a log line: every byte sequence that is not valid UTF-8
// becomes U+FFFD, the replacement character, as a browser would show it.
#pragma once

#include <string>
#include <string_view>

namespace cf {

bool isValidUtf8(std::string_view text);
std::string toValidUtf8(std::string_view text);

}  // namespace cf
