// Bearer tokens, kept only as SHA-256 hashes: the token itself is shown once,
// when it is made, and never stored, logged or returned again. Names are how
// people refer to tokens (list, revoke, the audit trail).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/access.h"

namespace cf::api {

struct TokenRecord {
  std::string name;
  Role role = Role::Reader;
  std::string createdAt;
  std::optional<std::string> expiresAt;  // RFC 3339; none: never
  std::optional<std::string> lastUsedAt;
  std::optional<std::string> revokedAt;
};

class TokenStore {
 public:
  virtual ~TokenStore() = default;
  // false when a token of that name exists (revoked ones included: a name
  // in the audit trail keeps meaning one token).
  virtual bool create(const TokenRecord& token, const std::string& hash) = 0;
  virtual std::optional<TokenRecord> findByHash(const std::string& hash) = 0;
  virtual std::vector<TokenRecord> list() = 0;
  // false when there is no such token, or it was revoked already.
  virtual bool revoke(const std::string& name, const std::string& now) = 0;
  virtual void markUsed(const std::string& name, const std::string& now) = 0;
  // Tokens neither revoked nor expired at `now`.
  virtual size_t countUsable(const std::string& now) = 0;
};

// A new token: "cft_" and 43 characters of base64url, 256 random bits.
std::string newToken();
std::string tokenHash(const std::string& token);

}  // namespace cf::api
