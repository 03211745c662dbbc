// What POST /v1/subscriptions asks for, read strictly: an absolute http(s)
// URL without credentials or fragment, the job events wanted (at least one,
// no repeats), and a shared secret for the signature. Every problem is
// reported against its field.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestration/common/field_error.h"

namespace cf::api {

struct SubscriptionRequest {
  std::string url;
  std::vector<std::string> events;
  std::string secret;
};

// The events a subscription may ask for.
const std::vector<std::string>& webhookEvents();

// Why `url` cannot receive webhooks, or nullopt when it can.
std::optional<std::string> webhookUrlProblem(const std::string& url);

std::variant<SubscriptionRequest, FieldErrors> parseSubscriptionRequest(const nlohmann::json& body);

}  // namespace cf::api
