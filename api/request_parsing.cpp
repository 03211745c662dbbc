#include "api/request_parsing.h"

#include <algorithm>
#include <cctype>

#include "api/json_shape.h"
#include "api/page_token.h"
#include "api/problem_response.h"
#include "orchestration/jobs/problem.h"

namespace cf::api {

namespace {
bool isJsonMediaType(std::string contentType) {
  std::transform(contentType.begin(), contentType.end(), contentType.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto semicolon = contentType.find(';');
  std::string type = contentType.substr(0, semicolon);
  type.erase(std::remove_if(type.begin(), type.end(), [](unsigned char c) { return std::isspace(c); }), type.end());
  return type == "application/json" ||
         (type.rfind("application/", 0) == 0 && type.size() > 5 && type.compare(type.size() - 5, 5, "+json") == 0);
}
}  // namespace

std::variant<nlohmann::json, Response> readJsonBody(const Request& request, size_t maxDepth) {
  auto contentType = request.header("content-type");
  if (!contentType || !isJsonMediaType(*contentType)) {
    return problemResponse(request, 415, "unsupportedMediaType", "Unsupported media type",
                           "the body must be sent as Content-Type: application/json (got " +
                               contentType.value_or("no Content-Type") + ")");
  }
  if (request.body.empty()) {
    return problemResponse(request, 400, "malformedJson", "Malformed JSON", "the request needs a JSON body");
  }
  if (auto problem = checkJsonShape(request.body, maxDepth)) {
    if (problem->kind == JsonShapeProblem::Kind::Syntax) {
      return problemResponse(request, 400, "malformedJson", "Malformed JSON",
                             "the body is not valid JSON: " + problem->detail);
    }
    auto body =
        makeProblem("malformedJson", "Malformed JSON", 400,
                    (problem->pointer.empty() ? std::string("the body") : problem->pointer) + " " + problem->detail);
    body["errors"] = nlohmann::json::array({{{"pointer", "#" + problem->pointer}, {"detail", problem->detail}}});
    return problemResponse(request, body);
  }
  try {
    return nlohmann::json::parse(request.body);
  } catch (const nlohmann::json::exception&) {
    // Valid syntax that cannot be represented, such as a number past the range of a double.
    return problemResponse(request, 400, "malformedJson", "Malformed JSON",
                           "the body holds a value that cannot be represented (a number out of range?)");
  }
}

std::variant<Paging, Response> readPaging(const Request& request, FieldErrors errors) {
  Paging paging;
  if (auto token = request.queryParam("pageToken")) {
    paging.beforeSeq = decodePageToken(*token);
    if (!paging.beforeSeq)
      errors.push_back(FieldError::parameter("pageToken", "is not a page token this service issued"));
  }
  if (!errors.empty()) return invalidInput(request, errors, 400);
  auto limit = integerQuery(request, "limit", 1, 200, 50);
  if (auto* refused = std::get_if<Response>(&limit)) return *refused;
  paging.limit = static_cast<int>(std::get<long long>(limit));
  return paging;
}

Response renderedPageResponse(const std::string& itemsArray, const std::optional<int64_t>& nextBeforeSeq) {
  std::string body = "{\"items\":" + itemsArray + ",\"nextPageToken\":";
  body += nextBeforeSeq ? dumpForClient(encodePageToken(*nextBeforeSeq)) : "null";
  body += '}';
  return Response{200, "application/json", std::move(body), {}, nullptr};
}

Response pageResponse(const nlohmann::json& items, const std::optional<int64_t>& nextBeforeSeq) {
  return renderedPageResponse(dumpForClient(items), nextBeforeSeq);
}

std::variant<long long, Response> integerQuery(const Request& request, const std::string& name, long long min,
                                               long long max, long long fallback) {
  auto text = request.queryParam(name);
  if (!text) return fallback;
  bool digitsOnly = !text->empty() && text->size() <= 18 &&
                    std::all_of(text->begin(), text->end(), [](unsigned char c) { return std::isdigit(c); });
  long long value = digitsOnly ? std::stoll(*text) : min - 1;
  if (value < min || value > max) {
    return invalidInput(
        request,
        {FieldError::parameter(name, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max))},
        400);
  }
  return value;
}

std::variant<bool, Response> booleanQuery(const Request& request, const std::string& name, bool fallback) {
  auto text = request.queryParam(name);
  if (!text) return fallback;
  if (*text == "true") return true;
  if (*text == "false") return false;
  return invalidInput(request, {FieldError::parameter(name, "must be true or false")}, 400);
}

}  // namespace cf::api
