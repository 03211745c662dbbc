// Making a token, the one way both `clusterforge token create` and
// POST /v1/tokens do it: the name and role checked, the expiry ("90d",
// "12h", "30m") turned into a time, a new random token stored by its hash.
// The token itself is returned to be shown once, and kept nowhere.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "api/token_store.h"
#include "orchestration/common/field_error.h"

namespace cf::api {

struct TokenRequest {
  std::string name;
  std::string role;
  std::optional<std::string> expiresIn;
};

struct IssuedToken {
  TokenRecord record;
  std::string token;
};

// Field errors name "name", "role" or "expiresIn"; a taken name is an error
// on "name" too.
std::variant<IssuedToken, FieldErrors> issueToken(TokenStore& store, const TokenRequest& request);

}  // namespace cf::api
