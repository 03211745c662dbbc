#include "api/entity_tag.h"

#include <algorithm>
#include <string_view>

#include "api/problem_response.h"
#include "orchestration/common/sha256.h"

namespace cf::api {

namespace {

// Whether `match` holds for any entity tag of an If-Match or If-None-Match
// list, each as sent. Every conditional GET a dashboard polls with comes
// through here, so the list is walked in place rather than split into strings.
template <typename Match>
bool anyTag(std::string_view list, Match match) {
  while (!list.empty()) {
    size_t comma = std::min(list.find(','), list.size());
    std::string_view tag = list.substr(0, comma);
    list.remove_prefix(std::min(comma + 1, list.size()));
    size_t first = tag.find_first_not_of(" \t");
    if (first == std::string_view::npos) continue;
    if (match(tag.substr(first, tag.find_last_not_of(" \t") - first + 1))) return true;
  }
  return false;
}

std::string_view opaque(std::string_view tag) { return tag.substr(0, 2) == "W/" ? tag.substr(2) : tag; }

}  // namespace

std::string entityTagOf(const std::string& body) { return "\"" + sha256Hex(body).substr(0, 32) + "\""; }

std::optional<Response> checkIfMatch(const Request& request, const std::string& current) {
  auto header = request.header("if-match");
  if (!header) {
    return problemResponse(request, 428, "preconditionRequired", "If-Match is required",
                           "send If-Match with the ETag of the resource as last read (GET " + request.path +
                               "), so that what is removed is what was seen");
  }
  if (anyTag(*header, [&](std::string_view tag) { return tag == "*" || tag == current; })) return std::nullopt;
  auto r = problemResponse(request, 412, "preconditionFailed", "The resource changed since it was read",
                           request.path + " is no longer in the state If-Match names; read it again (its ETag is " +
                               current + ") and decide again");
  r.setHeader("ETag", current);
  return r;
}

bool ifNoneMatchHits(const Request& request, const std::string& current) {
  auto header = request.header("if-none-match");
  if (!header) return false;
  std::string_view mine = opaque(current);
  return anyTag(*header, [&](std::string_view tag) { return tag == "*" || opaque(tag) == mine; });
}

void applyConditionalGet(const Request& request, Response& response) {
  if (request.method != "GET" || response.status != 200) return;
  const std::string& type = response.contentType;
  bool representation = type.rfind("application/json", 0) == 0 || type.rfind("text/html", 0) == 0;
  if (!representation && !response.header("ETag")) return;
  if (!response.header("ETag")) response.setHeader("ETag", entityTagOf(response.body));
  if (!ifNoneMatchHits(request, *response.header("ETag"))) return;
  response.status = 304;
  response.body.clear();
  response.contentType.clear();
}

}  // namespace cf::api
