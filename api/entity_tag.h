// Strong entity tags (RFC 9110 section 8.8.3) and the preconditions built on
// them. A tag is the SHA-256 of the representation's bytes, so every instance
// of the service gives the same bytes the same tag.
#pragma once

#include <optional>
#include <string>

#include "api/http_types.h"

namespace cf::api {

std::string entityTagOf(const std::string& body);

// For a request that would remove a resource whose representation now has
// tag `current`: 428 when If-Match is absent (the client must say which
// state it means to remove), 412 when no tag it lists matches (weak tags
// never do; "*" matches any). Nullopt when the request may go on.
std::optional<Response> checkIfMatch(const Request& request, const std::string& current);

// Whether If-None-Match lists `current` (weak comparison, or "*").
bool ifNoneMatchHits(const Request& request, const std::string& current);

// Every 200 answer to a GET of a JSON or HTML resource gets a strong ETag
// (unless its handler set one), and becomes 304 without a body when
// If-None-Match names it; so does any other answer whose handler set an ETag.
void applyConditionalGet(const Request& request, Response& response);

}  // namespace cf::api
