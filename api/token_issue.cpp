#include "api/token_issue.h"

#include <chrono>
#include <cctype>

#include "orchestration/common/clock.h"

namespace cf::api {

namespace {

constexpr long long kMaxLifetimeDays = 3650;

std::optional<std::chrono::seconds> parseLifetime(const std::string& text) {
  if (text.size() < 2 || text.size() > 8) return std::nullopt;
  std::string digits = text.substr(0, text.size() - 1);
  for (char c : digits) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  long long n = std::stoll(digits);
  long long unit = text.back() == 'd' ? 86400 : text.back() == 'h' ? 3600 : text.back() == 'm' ? 60 : 0;
  if (n <= 0 || unit == 0 || n * unit > kMaxLifetimeDays * 86400) return std::nullopt;
  return std::chrono::seconds(n * unit);
}

bool validName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (unsigned char c : name) {
    if (!std::isalnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

}  // namespace

std::variant<IssuedToken, FieldErrors> issueToken(TokenStore& store, const TokenRequest& request) {
  FieldErrors errors;
  if (!validName(request.name)) {
    errors.push_back(FieldError::body("/name", "must be 1 to 64 letters, digits, '.', '-' or '_'"));
  }
  auto role = parseRole(request.role);
  if (!role) errors.push_back(FieldError::body("/role", "must be one of: reader, operator, admin"));
  std::optional<std::chrono::seconds> lifetime;
  if (request.expiresIn) {
    lifetime = parseLifetime(*request.expiresIn);
    if (!lifetime) {
      errors.push_back(FieldError::body("/expiresIn", "must be a whole number of days, hours or minutes up to " +
                                                          std::to_string(kMaxLifetimeDays) + "d, like 90d or 12h"));
    }
  }
  if (!errors.empty()) return errors;
  auto now = std::chrono::system_clock::now();
  TokenRecord record{request.name, *role, formatRfc3339(now), std::nullopt, std::nullopt, std::nullopt};
  if (lifetime) record.expiresAt = formatRfc3339(now + *lifetime);
  std::string token = newToken();
  if (!store.create(record, tokenHash(token))) {
    return FieldErrors{FieldError::body("/name", "is taken by another token (revoked tokens keep their names)")};
  }
  return IssuedToken{record, token};
}

}  // namespace cf::api
