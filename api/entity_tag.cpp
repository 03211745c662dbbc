#include "api/entity_tag.h"

#include <vector>

#include "api/problem_response.h"
#include "orchestration/common/sha256.h"

namespace cf::api {

namespace {

// The entity tags of an If-Match or If-None-Match list, as sent.
std::vector<std::string> tagsOf(const std::string& header) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < header.size()) {
    size_t comma = header.find(',', start);
    if (comma == std::string::npos) comma = header.size();
    std::string tag = header.substr(start, comma - start);
    size_t first = tag.find_first_not_of(" \t"), last = tag.find_last_not_of(" \t");
    if (first != std::string::npos) out.push_back(tag.substr(first, last - first + 1));
    start = comma + 1;
  }
  return out;
}

std::string opaque(const std::string& tag) { return tag.rfind("W/", 0) == 0 ? tag.substr(2) : tag; }

}  // namespace

std::string entityTagOf(const std::string& body) { return "\"" + sha256Hex(body).substr(0, 32) + "\""; }

std::optional<Response> checkIfMatch(const Request& request, const std::string& current) {
  auto header = request.header("if-match");
  if (!header) {
    return problemResponse(request, 428, "preconditionRequired", "If-Match is required",
                           "send If-Match with the ETag of the resource as last read (GET " + request.path +
                               "), so that what is removed is what was seen");
  }
  for (const auto& tag : tagsOf(*header)) {
    if (tag == "*" || tag == current) return std::nullopt;
  }
  auto r = problemResponse(request, 412, "preconditionFailed", "The resource changed since it was read",
                           request.path + " is no longer in the state If-Match names; read it again (its ETag is " +
                               current + ") and decide again");
  r.setHeader("ETag", current);
  return r;
}

bool ifNoneMatchHits(const Request& request, const std::string& current) {
  auto header = request.header("if-none-match");
  if (!header) return false;
  for (const auto& tag : tagsOf(*header)) {
    if (tag == "*" || opaque(tag) == opaque(current)) return true;
  }
  return false;
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
