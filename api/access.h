// Who may call what. Every route is registered with the Access it needs
// (router.h), which is the authorization matrix; the contract states the same
// per operation as x-required-role, and an integration test walks both.
//   reader   - every GET but tokens and audit
//   operator - a reader who may also start jobs and cancel them
//   admin    - everything, tokens and the audit trail included
#pragma once

#include <optional>
#include <string>

namespace cf::api {

enum class Role { Reader = 1, Operator = 2, Admin = 3 };

std::string toString(Role role);
std::optional<Role> parseRole(const std::string& text);

// What a route needs: nothing (health, the contract) or a token of at least a role.
enum class Access { Anonymous, Reader, Operator, Admin };

std::string toString(Access access);
bool allows(Access needed, Role held);

}  // namespace cf::api
