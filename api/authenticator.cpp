#include "api/authenticator.h"

#include <array>
#include <cctype>

#include "orchestration/common/clock.h"
#include "orchestration/common/storage_failure.h"

namespace cf::api {

namespace {

// The token of "Authorization: Bearer <token>", or nullopt.
std::optional<std::string> bearerToken(const Request& request) {
  auto header = request.header("authorization");
  const std::string scheme = "bearer ";
  if (!header || header->size() <= scheme.size()) return std::nullopt;
  for (size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>((*header)[i])) != scheme[i]) return std::nullopt;
  }
  std::string token = header->substr(scheme.size());
  while (!token.empty() && token.front() == ' ') token.erase(0, 1);
  while (!token.empty() && token.back() == ' ') token.pop_back();
  if (token.empty() || token.size() > 512) return std::nullopt;
  return token;
}

// Equal without returning early, so how long it takes says nothing of how
// much of a guess matched.
bool sameSecret(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (size_t i = 0; i < a.size(); ++i) difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  return difference == 0;
}

// The SHA-256 of a bearer token, remembered per thread for the last few
// tokens it saw: a client sends the same token with every request, and the
// hash would otherwise cost more than the rest of a cached GET.
std::string hashOf(const std::string& token) {
  struct Seen {
    std::string token;
    std::string hash;
  };
  thread_local std::array<Seen, 8> seen;
  thread_local size_t next = 0;
  for (const auto& entry : seen) {
    if (!entry.token.empty() && sameSecret(entry.token, token)) return entry.hash;
  }
  auto& slot = seen[next++ % seen.size()];
  slot = {token, tokenHash(token)};
  return slot.hash;
}

}  // namespace

AuthDecision Authenticator::decide(const Request& request, Access needed) {
  if (needed == Access::Anonymous) return {};
  auto token = bearerToken(request);
  std::string addressKey = "address " + request.clientAddress;
  std::string hash = token ? hashOf(*token) : "";
  for (const std::string& key : {addressKey, token ? "token " + hash : std::string()}) {
    if (key.empty()) continue;
    if (auto wait = limiter_.blockedFor(key)) {
      return {AuthDecision::Kind::Throttled, std::nullopt,
              "too many failed attempts to authenticate; retry in " + std::to_string(*wait) + " s", *wait};
    }
  }
  std::string now = nowRfc3339();
  if (!token) {
    std::string detail = tokens_.countUsable(now) == 0
                             ? "no token exists yet: create the first admin token on the service's host with "
                               "`clusterforge token create --data-dir DIR --name admin --role admin` and send it as "
                               "Authorization: Bearer <token>"
                             : "send a token as Authorization: Bearer <token>";
    return {AuthDecision::Kind::Unauthenticated, std::nullopt, detail, 0};
  }
  auto record = tokens_.findByHash(hash);
  bool usable = record && !record->revokedAt && (!record->expiresAt || *record->expiresAt > now);
  if (!usable) {
    limiter_.recordFailure(addressKey);
    limiter_.recordFailure("token " + hash);
    return {AuthDecision::Kind::Unauthenticated, std::nullopt,
            "the bearer token is not valid: it is unknown, expired or revoked", 0};
  }
  noteUse(record->name, now);
  Caller caller{record->name, record->role};
  if (!allows(needed, record->role)) {
    return {AuthDecision::Kind::Forbidden, caller,
            "this operation needs a token of the " + toString(needed) + " role or above; this one is " +
                toString(record->role),
            0};
  }
  return {AuthDecision::Kind::Allowed, caller, "", 0};
}

void Authenticator::noteUse(const std::string& name, const std::string& now) {
  std::string minute = now.substr(0, 16);  // "2026-12-03T02:51"
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& last = lastNoted_[name];
    if (last == minute) return;
    last = minute;
  }
  // When a token was last used is a note for admins, not a reason to refuse
  // the request: with the database busy or failing, the note waits for a
  // later request. (The request's own work meets the failure if it has to.)
  try {
    tokens_.markUsed(name, now);
  } catch (const StorageFailure&) {
    std::lock_guard<std::mutex> lock(mutex_);
    lastNoted_[name].clear();
  }
}

}  // namespace cf::api
