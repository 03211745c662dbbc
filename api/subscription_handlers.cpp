// Webhook subscriptions: admins add and remove them; operators read them and
// their deliveries. The secret goes in once and never comes back out.
#include "api/handlers.h"
#include "api/problem_response.h"
#include "api/request_parsing.h"
#include "api/subscription_request.h"
#include "orchestration/common/clock.h"

namespace cf::api {

namespace {

std::string subscriptionPath(const std::string& id) { return "/v1/subscriptions/" + id; }

nlohmann::json subscriptionJson(const WebhookSubscription& s) {
  return {{"id", s.id}, {"url", s.url}, {"events", s.events}, {"createdAt", s.createdAt}};
}

nlohmann::json deliveryJson(const WebhookDelivery& d) {
  return {{"id", d.id},
          {"event", d.event},
          {"jobId", d.jobId},
          {"status", toString(d.state)},
          {"attempts", d.attempts},
          {"createdAt", d.createdAt},
          {"lastAttemptAt", d.lastAttemptAt ? nlohmann::json(*d.lastAttemptAt) : nlohmann::json()},
          {"lastStatusCode", d.lastStatus ? nlohmann::json(*d.lastStatus) : nlohmann::json()},
          {"lastError", d.lastError.empty() ? nlohmann::json() : nlohmann::json(d.lastError)}};
}

Response subscriptionNotFound(const Request& request, const std::string& id) {
  return problemResponse(request, 404, "subscriptionNotFound", "Subscription not found",
                         "there is no webhook subscription with id " + id);
}

Response createSubscription(Request& request, ApiDependencies& deps) {
  auto body = readJsonBody(request, deps.maxJsonDepth);
  if (auto* refused = std::get_if<Response>(&body)) return *refused;
  auto parsed = parseSubscriptionRequest(std::get<nlohmann::json>(body));
  if (auto* invalid = std::get_if<FieldErrors>(&parsed)) return invalidInput(request, *invalid);
  const auto& wanted = std::get<SubscriptionRequest>(parsed);
  if (deps.webhooks.subscriptions().size() >= deps.maxWebhookSubscriptions) {
    return problemResponse(request, 409, "tooManySubscriptions", "Too many subscriptions",
                           "the service keeps at most " + std::to_string(deps.maxWebhookSubscriptions) +
                               " webhook subscriptions (--max-webhook-subscriptions); remove one first");
  }
  WebhookSubscription subscription{newJobId(), wanted.url, wanted.events, deps.secrets.seal(wanted.secret),
                                   nowRfc3339()};
  deps.webhooks.addSubscription(subscription);
  Response r = jsonResponse(201, subscriptionJson(subscription));
  r.setHeader("Location", subscriptionPath(subscription.id));
  return r;
}

Response listSubscriptions(Request&, ApiDependencies& deps) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& s : deps.webhooks.subscriptions()) items.push_back(subscriptionJson(s));
  return jsonResponse(200, {{"items", items}});
}

Response getSubscription(Request& request, ApiDependencies& deps) {
  const auto& id = request.param("id");
  auto subscription = deps.webhooks.subscription(id);
  if (!subscription) return subscriptionNotFound(request, id);
  return jsonResponse(200, subscriptionJson(*subscription));
}

Response deleteSubscription(Request& request, ApiDependencies& deps) {
  const auto& id = request.param("id");
  if (!deps.webhooks.removeSubscription(id)) return subscriptionNotFound(request, id);
  Response r;
  r.status = 204;
  return r;
}

Response listDeliveries(Request& request, ApiDependencies& deps) {
  const auto& id = request.param("id");
  if (!deps.webhooks.subscription(id)) return subscriptionNotFound(request, id);
  auto paging = readPaging(request, {});
  if (auto* refused = std::get_if<Response>(&paging)) return *refused;
  const auto& page = std::get<Paging>(paging);
  // One more than the page tells whether another page follows.
  auto deliveries = deps.webhooks.deliveries(id, page.limit + 1, page.beforeSeq);
  std::optional<int64_t> next;
  if (deliveries.size() > static_cast<size_t>(page.limit)) {
    deliveries.pop_back();
    next = deliveries.back().seq;
  }
  nlohmann::json items = nlohmann::json::array();
  for (const auto& d : deliveries) items.push_back(deliveryJson(d));
  return pageResponse(items, next);
}

}  // namespace

void registerSubscriptionRoutes(Router& router, ApiDependencies& deps) {
  router.add("POST", "/v1/subscriptions", Access::Admin, [&deps](Request& r) { return createSubscription(r, deps); });
  router.add("GET", "/v1/subscriptions", Access::Operator, [&deps](Request& r) { return listSubscriptions(r, deps); });
  router.add("GET", "/v1/subscriptions/{id}", Access::Operator,
             [&deps](Request& r) { return getSubscription(r, deps); });
  router.add("DELETE", "/v1/subscriptions/{id}", Access::Admin,
             [&deps](Request& r) { return deleteSubscription(r, deps); });
  router.add("GET", "/v1/subscriptions/{id}/deliveries", Access::Operator,
             [&deps](Request& r) { return listDeliveries(r, deps); }, {"pageToken", "limit"});
}

}  // namespace cf::api
