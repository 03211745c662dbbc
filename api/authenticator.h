// Who is calling, and may they: the bearer token in Authorization, looked up
// by its SHA-256 in the TokenStore, against the Access the route needs.
//
// Refusals never say whether a token or its name exists: an unknown, expired
// or revoked token reads the same. Failed attempts count against the client's
// address and against the presented token (FailureLimiter); past the limit
// the caller is throttled before its token is even looked at.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "api/access.h"
#include "api/failure_limiter.h"
#include "api/http_types.h"
#include "api/token_store.h"

namespace cf::api {

struct Caller {
  std::string tokenName;
  Role role = Role::Reader;
};

struct AuthDecision {
  enum class Kind { Allowed, Unauthenticated, Forbidden, Throttled };
  Kind kind = Kind::Allowed;
  std::optional<Caller> caller;
  std::string detail;
  int64_t retryAfterSeconds = 0;
};

class Authenticator {
 public:
  Authenticator(TokenStore& tokens, FailureLimiter& limiter) : tokens_(tokens), limiter_(limiter) {}

  AuthDecision decide(const Request& request, Access needed);

 private:
  // Records the use at most once a minute per token: a write per request
  // would cost more than the request.
  void noteUse(const std::string& name, const std::string& now);

  TokenStore& tokens_;
  FailureLimiter& limiter_;
  std::mutex mutex_;
  std::map<std::string, std::string> lastNoted_;  // token name -> minute noted
};

}  // namespace cf::api
