#include "orchestration/model/computer_name.h"

#include <algorithm>
#include <cctype>

namespace cf {

std::optional<std::string> computerNameProblem(const std::string& name) {
  if (name.empty()) return "must not be empty";
  if (name.size() > 15) return "must be at most 15 characters (a NetBIOS name)";
  bool allDigits = true;
  for (unsigned char c : name) {
    if (!std::isalnum(c) && c != '-') {
      return "may contain only letters, digits and hyphens";
    }
    if (!std::isdigit(c)) allDigits = false;
  }
  if (allDigits) return "must not consist of digits only";
  if (name.front() == '-' || name.back() == '-') return "must not start or end with a hyphen";
  return std::nullopt;
}

std::string canonicalName(const std::string& name) {
  std::string out = name;
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

bool sameName(const std::string& a, const std::string& b) { return canonicalName(a) == canonicalName(b); }

}  // namespace cf
