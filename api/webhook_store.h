// Webhook subscriptions and the durable outbox of their deliveries, declared
// here and implemented in storage/. Every change of a job's status is written
// down as a transition in the same transaction as the status itself (a
// database trigger), so no event is lost between the job's commit and the
// outbox; fanOut() then turns transitions into deliveries and forgets them in
// one transaction, so each transition becomes its deliveries exactly once.
// A subscription's secret is kept sealed (SecretBox), never in clear.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cf::api {

struct WebhookSubscription {
  std::string id;
  std::string url;
  std::vector<std::string> events;  // job.started, job.succeeded, job.failed, job.canceled
  std::string sealedSecret;
  std::string createdAt;
};

struct JobTransition {
  int64_t seq = 0;
  std::string jobId;
  std::string status;  // the status the job moved to
};

enum class DeliveryState { Pending, Delivered, Failed };
const char* toString(DeliveryState state);

struct WebhookDelivery {
  int64_t seq = 0;
  std::string id;  // X-ClusterForge-Delivery: the receiver's key to deduplicate
  std::string subscriptionId;
  std::string event;
  std::string jobId;
  std::string body;  // the job's JSON when the event was fanned out; every attempt sends these bytes
  DeliveryState state = DeliveryState::Pending;
  int attempts = 0;
  std::string createdAt;
  int64_t firstAttemptDueMs = 0;  // Unix ms: retries stop a set time after this
  int64_t nextAttemptMs = 0;      // Unix ms
  std::optional<std::string> lastAttemptAt;
  std::optional<int> lastStatus;  // the receiver's HTTP status, if it answered
  std::string lastError;
  // The transition it was fanned out from: lets fanOut() drop what another
  // instance fanned out first. Not stored.
  int64_t transitionSeq = 0;
};

class WebhookStore {
 public:
  virtual ~WebhookStore() = default;

  virtual void addSubscription(const WebhookSubscription& subscription) = 0;
  virtual std::optional<WebhookSubscription> subscription(const std::string& id) = 0;
  virtual std::vector<WebhookSubscription> subscriptions() = 0;
  // Removes it and its deliveries; false when there is none.
  virtual bool removeSubscription(const std::string& id) = 0;

  // Transitions not yet fanned out, oldest first.
  virtual std::vector<JobTransition> transitions(int limit) = 0;
  // Stores the deliveries and forgets transitions up to `throughSeq`, in one transaction.
  virtual void fanOut(int64_t throughSeq, const std::vector<WebhookDelivery>& deliveries) = 0;
  // Pending deliveries due at `nowMs`, soonest first.
  virtual std::vector<WebhookDelivery> due(int64_t nowMs, int limit) = 0;
  // When the next pending delivery is due, if any is pending.
  virtual std::optional<int64_t> nextDueMs() = 0;
  // Writes an attempt's outcome: state, attempts, next attempt and last fields.
  virtual void recordAttempt(const WebhookDelivery& delivery) = 0;
  // Forgets deliveries that ended (delivered or failed) before `before`
  // (RFC 3339, UTC); returns how many.
  virtual int pruneDeliveries(const std::string& before) = 0;
  // A subscription's deliveries, newest first, keyset-paged like jobs.
  virtual std::vector<WebhookDelivery> deliveries(const std::string& subscriptionId, int limit,
                                                  std::optional<int64_t> beforeSeq) = 0;
};

}  // namespace cf::api
