// Wall-clock time in the one format this service shows and stores:
// RFC 3339, UTC, millisecond precision ("2026-11-25T11:31:05.123Z"). Strings in
// this format sort in time order, which the store relies on.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace cf {

std::string formatRfc3339(std::chrono::system_clock::time_point t);
std::string nowRfc3339();
// The instant of a string in that format; nullopt for anything else.
std::optional<std::chrono::system_clock::time_point> parseRfc3339(const std::string& text);

}  // namespace cf
