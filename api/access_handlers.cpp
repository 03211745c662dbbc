// Tokens and the audit trail, for admins: make a token (its value shown in
// this one answer), list them, revoke one, and read the trail.
#include "api/handlers.h"
#include "api/problem_response.h"
#include "api/request_parsing.h"
#include "api/token_issue.h"
#include "orchestration/common/clock.h"
#include "orchestration/specs/json_reader.h"

namespace cf::api {

namespace {

nlohmann::json optionalJson(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

nlohmann::json tokenJson(const TokenRecord& t) {
  return {{"name", t.name},
          {"role", toString(t.role)},
          {"createdAt", t.createdAt},
          {"expiresAt", optionalJson(t.expiresAt)},
          {"lastUsedAt", optionalJson(t.lastUsedAt)},
          {"revokedAt", optionalJson(t.revokedAt)}};
}

Response createToken(Request& request, ApiDependencies& deps) {
  auto body = readJsonBody(request, deps.maxJsonDepth);
  if (auto* refused = std::get_if<Response>(&body)) return *refused;
  FieldErrors errors;
  JsonObjectReader reader(std::get<nlohmann::json>(body), "", errors);
  TokenRequest wanted;
  wanted.name = reader.requiredString("name", 64).value_or("");
  wanted.role = reader.requiredString("role", 16).value_or("");
  wanted.expiresIn = reader.optionalString("expiresIn", 8);
  reader.rejectUnknownFields();
  if (!errors.empty()) return invalidInput(request, errors);
  auto issued = issueToken(deps.tokens, wanted);
  if (auto* invalid = std::get_if<FieldErrors>(&issued)) return invalidInput(request, *invalid);
  const auto& token = std::get<IssuedToken>(issued);
  auto answer = tokenJson(token.record);
  answer["token"] = token.token;
  Response r = jsonResponse(201, answer);
  r.setHeader("Cache-Control", "no-store");
  return r;
}

Response listTokens(Request&, ApiDependencies& deps) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& t : deps.tokens.list()) items.push_back(tokenJson(t));
  return jsonResponse(200, {{"items", items}});
}

Response revokeToken(Request& request, ApiDependencies& deps) {
  const auto& name = request.param("name");
  if (!deps.tokens.revoke(name, nowRfc3339())) {
    return problemResponse(request, 404, "tokenNotFound", "Token not found",
                           "there is no token of that name that is not revoked already");
  }
  Response r;
  r.status = 204;
  return r;
}

Response listAudit(Request& request, ApiDependencies& deps) {
  AuditQuery query;
  FieldErrors errors;
  if (auto token = request.queryParam("token")) {
    if (token->empty() || token->size() > 64) errors.push_back(FieldError::parameter("token", "must be a token name"));
    query.tokenName = *token;
  }
  if (auto since = request.queryParam("since")) {
    // RFC 3339 in UTC, as every time this service shows: it sorts as text.
    bool shaped =
        since->size() >= 20 && since->size() <= 30 && since->back() == 'Z' && (*since)[4] == '-' && (*since)[10] == 'T';
    if (!shaped) errors.push_back(FieldError::parameter("since", "must be a UTC time like 2026-11-25T11:31:05Z"));
    query.since = *since;
  }
  auto paging = readPaging(request, errors);
  if (auto* refused = std::get_if<Response>(&paging)) return *refused;
  query.beforeSeq = std::get<Paging>(paging).beforeSeq;
  query.limit = std::get<Paging>(paging).limit;
  auto page = deps.audit.list(query);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& a : page.records) {
    items.push_back({{"time", a.time},
                     {"token", a.tokenName.empty() ? nlohmann::json() : nlohmann::json(a.tokenName)},
                     {"role", a.role.empty() ? nlohmann::json() : nlohmann::json(a.role)},
                     {"client", a.client},
                     {"method", a.method},
                     {"path", a.path},
                     {"status", a.status},
                     {"requestId", a.requestId},
                     {"jobId", a.jobId.empty() ? nlohmann::json() : nlohmann::json(a.jobId)}});
  }
  return pageResponse(items, page.nextBeforeSeq);
}

}  // namespace

void registerAccessRoutes(Router& router, ApiDependencies& deps) {
  router.add("POST", "/v1/tokens", Access::Admin, [&deps](Request& r) { return createToken(r, deps); });
  router.add("GET", "/v1/tokens", Access::Admin, [&deps](Request& r) { return listTokens(r, deps); });
  router.add("DELETE", "/v1/tokens/{name}", Access::Admin, [&deps](Request& r) { return revokeToken(r, deps); });
  router.add("GET", "/v1/audit", Access::Admin, [&deps](Request& r) { return listAudit(r, deps); },
             {"token", "since", "pageToken", "limit"});
}

}  // namespace cf::api
