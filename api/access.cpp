#include "api/access.h"

namespace cf::api {

std::string toString(Role role) {
  switch (role) {
    case Role::Reader: return "reader";
    case Role::Operator: return "operator";
    case Role::Admin: return "admin";
  }
  return "reader";
}

std::optional<Role> parseRole(const std::string& text) {
  for (Role r : {Role::Reader, Role::Operator, Role::Admin}) {
    if (toString(r) == text) return r;
  }
  return std::nullopt;
}

std::string toString(Access access) {
  switch (access) {
    case Access::Anonymous: return "anonymous";
    case Access::Reader: return "reader";
    case Access::Operator: return "operator";
    case Access::Admin: return "admin";
  }
  return "admin";
}

bool allows(Access needed, Role held) {
  return needed == Access::Anonymous || static_cast<int>(held) >= static_cast<int>(needed);
}

}  // namespace cf::api
