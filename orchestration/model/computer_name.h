// Rules for the names of computers and clusters in an Active Directory domain.
//
// A cluster name becomes a computer object (NAME$) and a NetBIOS name, so it
// follows the stricter of the two rule sets: 1..15 characters, letters, digits
// and hyphens, not all digits, not starting or ending with a hyphen. Windows
// compares such names without regard to case; canonicalName() is the form this
// service stores and compares.
#pragma once

#include <optional>
#include <string>

namespace cf {

// Why `name` is not a valid computer or cluster name, or nullopt if it is.
std::optional<std::string> computerNameProblem(const std::string& name);

// Upper-case form used for storage and comparison.
std::string canonicalName(const std::string& name);

bool sameName(const std::string& a, const std::string& b);

}  // namespace cf
