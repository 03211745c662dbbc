// Replaces a file's content so that a crash at any moment leaves either the
// old content or the new, never a mix: write a temporary file beside it, flush
// it to disk, rename it over the old one, then flush the directory entry.
#pragma once

#include <string>

namespace cf::sim {

// Throws std::runtime_error with the path and the system's reason on failure.
void writeFileAtomically(const std::string& path, const std::string& content);

}  // namespace cf::sim
