#include "api/subscription_request.h"

#include <algorithm>
#include <cctype>

#include "orchestration/specs/json_reader.h"

namespace cf::api {

namespace {
constexpr size_t kMaxUrlLength = 2048;
constexpr size_t kMinSecretLength = 16;
constexpr size_t kMaxSecretLength = 256;
}  // namespace

const std::vector<std::string>& webhookEvents() {
  static const std::vector<std::string> events = {"job.started", "job.succeeded", "job.failed", "job.canceled"};
  return events;
}

std::optional<std::string> webhookUrlProblem(const std::string& url) {
  std::string rest;
  if (url.rfind("https://", 0) == 0) rest = url.substr(8);
  else if (url.rfind("http://", 0) == 0) rest = url.substr(7);
  else return "must be an absolute http:// or https:// URL";
  for (unsigned char c : url) {
    if (c <= 32 || c >= 127) return "must not hold spaces, control or non-ASCII characters (percent-encode them)";
  }
  if (url.find('#') != std::string::npos) return "must not have a fragment";
  std::string authority = rest.substr(0, rest.find_first_of("/?"));
  if (authority.find('@') != std::string::npos) {
    return "must not carry a user name or password; the signature authenticates deliveries";
  }
  std::string host = authority;
  std::string port;
  if (!host.empty() && host.front() == '[') {
    auto close = host.find(']');
    if (close == std::string::npos) return "has an unclosed IPv6 address";
    port = host.substr(close + 1);
    host = host.substr(0, close + 1);
    if (!port.empty() && port.front() != ':') return "has something after its IPv6 address that is not a port";
    if (!port.empty()) port.erase(0, 1);
  } else if (auto colon = host.find(':'); colon != std::string::npos) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  if (host.empty() || host == "[]") return "must name a host";
  if (authority.find(':') != std::string::npos && authority.back() == ':') return "has an empty port";
  if (!port.empty()) {
    bool digits = port.size() <= 5 && std::all_of(port.begin(), port.end(), [](unsigned char c) {
                    return std::isdigit(c);
                  });
    if (!digits || std::stoi(port) < 1 || std::stoi(port) > 65535) return "has a port that is not 1 to 65535";
  }
  return std::nullopt;
}

std::variant<SubscriptionRequest, FieldErrors> parseSubscriptionRequest(const nlohmann::json& body) {
  FieldErrors errors;
  JsonObjectReader reader(body, "", errors);
  if (!reader.isObject()) return errors;
  SubscriptionRequest wanted;
  if (auto url = reader.requiredString("url", kMaxUrlLength)) {
    if (auto problem = webhookUrlProblem(*url)) reader.error("url", *problem);
    wanted.url = *url;
  }
  if (const auto* events = reader.requiredArray("events", 1, webhookEvents().size())) {
    for (size_t i = 0; i < events->size(); ++i) {
      const auto& event = (*events)[i];
      std::string pointer = "/events/" + std::to_string(i);
      const auto& known = webhookEvents();
      if (!event.is_string() || std::find(known.begin(), known.end(), event.get<std::string>()) == known.end()) {
        errors.push_back(FieldError::body(pointer, "must be one of: job.started, job.succeeded, job.failed, job.canceled"));
      } else if (std::find(wanted.events.begin(), wanted.events.end(), event.get<std::string>()) !=
                 wanted.events.end()) {
        errors.push_back(FieldError::body(pointer, "is listed twice"));
      } else {
        wanted.events.push_back(event.get<std::string>());
      }
    }
  }
  if (auto secret = reader.requiredString("secret", kMaxSecretLength)) {
    if (secret->size() < kMinSecretLength) {
      reader.error("secret", "must be at least " + std::to_string(kMinSecretLength) + " characters");
    }
    wanted.secret = *secret;
  }
  reader.rejectUnknownFields();
  if (!errors.empty()) return errors;
  return wanted;
}

}  // namespace cf::api
