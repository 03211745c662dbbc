// RFC 9457 problem+json answers. Every error this service sends goes through
// here, so they all carry `type`, `title`, `status`, `detail`, a stable
// `code`, the `requestId` and, for invalid input, `errors` that point at the
// offending fields.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "api/http_types.h"
#include "orchestration/common/field_error.h"

namespace cf::api {

Response problemResponse(const Request& request, int status, const std::string& code, const std::string& title,
                         const std::string& detail);
// 422 (or `status`) with one entry per invalid field.
Response invalidInput(const Request& request, const FieldErrors& errors, int status = 422);
// The problem document invalidInput answers with.
nlohmann::json invalidInputProblem(const FieldErrors& errors, int status);
// Any problem object built elsewhere (for example a failed job's error).
Response problemResponse(const Request& request, nlohmann::json problem);

Response jsonResponse(int status, const nlohmann::json& body);

// The document as an answer's body. Strings from outside are made valid UTF-8
// where they enter (request_target.h); any that slipped through become U+FFFD
// here instead of failing the answer.
std::string dumpForClient(const nlohmann::json& document);

}  // namespace cf::api
