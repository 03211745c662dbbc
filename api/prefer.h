// The Prefer request header (RFC 7240). Only "wait" is honoured: how long a
// client is willing to wait for a change before the answer. Preferences are
// advisory, so a malformed one is ignored rather than refused.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace cf::api {

// The longest wait any request is granted.
constexpr std::chrono::seconds kMaxPreferredWait{60};

// The "wait" preference of a Prefer header value, in seconds, capped at
// kMaxPreferredWait; nullopt when there is none or it is not a number.
std::optional<std::chrono::seconds> preferredWait(const std::string& headerValue);

}  // namespace cf::api
