#include "api/webhook_dispatcher.h"

#include <algorithm>
#include <future>
#include <vector>

#include "api/resource_json.h"
#include "orchestration/common/clock.h"
#include "orchestration/common/hmac_sha256.h"
#include "orchestration/jobs/job_service.h"

namespace cf::api {

namespace {

constexpr int kTransitionsPerPass = 100;
// A receiver's answer says only its status; its body is not needed.
constexpr size_t kLongestReceiverAnswer = 64 << 10;
// Transitions are also looked for this often, should a wake-up be missed
// (a job changed by another process on the same database).
constexpr auto kIdleLook = std::chrono::seconds(5);
// The least time between two passes: under a burst of job changes, one pass
// (one write to the outbox) takes many transitions instead of one each.
constexpr auto kLeastBetweenPasses = std::chrono::milliseconds(25);

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Webhook URLs often carry a credential in their path or query: logs get
// the scheme and authority only.
std::string originOf(const std::string& url) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return "(a webhook URL)";
  return url.substr(0, url.find_first_of("/?#", scheme + 3));
}

}  // namespace

const char* toString(DeliveryState state) {
  switch (state) {
    case DeliveryState::Pending: return "pending";
    case DeliveryState::Delivered: return "delivered";
    case DeliveryState::Failed: return "failed";
  }
  return "pending";
}

std::string webhookEventOf(const std::string& jobStatus) {
  if (jobStatus == "running") return "job.started";
  if (jobStatus == "succeeded" || jobStatus == "failed" || jobStatus == "canceled") return "job." + jobStatus;
  return "";
}

std::string webhookSignature(const std::string& secret, const std::string& body) {
  return "sha256=" + hmacSha256Hex(secret, body);
}

WebhookDispatcher::WebhookDispatcher(WebhookStore& store, JobStore& jobs, SecretBox& secrets, HttpClient& sender,
                                     WebhookPolicy policy, std::shared_ptr<Metrics> metrics,
                                     std::shared_ptr<spdlog::logger> log, std::string userAgent)
    : store_(store),
      jobs_(jobs),
      secrets_(secrets),
      sender_(sender),
      policy_(policy),
      metrics_(std::move(metrics)),
      log_(std::move(log)),
      userAgent_(std::move(userAgent)) {
  metrics_->declareCounter("clusterforge_webhook_deliveries_total",
                           "Webhook delivery attempts by result: delivered, retrying (to be tried again) or "
                           "failed (given up).",
                           {"result"});
}

WebhookDispatcher::~WebhookDispatcher() { stop(); }

void WebhookDispatcher::start() {
  std::lock_guard<std::mutex> lock(mutex_);
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void WebhookDispatcher::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void WebhookDispatcher::wake() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    // Once woken, the next pass sees every change since: waking the thread
    // again for each of a burst of submits would cost a context switch each.
    if (woken_) return;
    woken_ = true;
  }
  wake_.notify_all();
}

void WebhookDispatcher::fanOut() {
  for (;;) {
    auto transitions = store_.transitions(kTransitionsPerPass);
    if (transitions.empty()) return;
    auto subscriptions = store_.subscriptions();
    std::vector<WebhookDelivery> deliveries;
    for (const auto& transition : transitions) {
      std::string event = webhookEventOf(transition.status);
      if (event.empty()) continue;
      std::optional<std::string> body;
      for (const auto& subscription : subscriptions) {
        const auto& wanted = subscription.events;
        if (std::find(wanted.begin(), wanted.end(), event) == wanted.end()) continue;
        if (!body) {
          auto job = jobs_.find(transition.jobId);
          if (!job) break;
          body = jobJson(*job);
        }
        WebhookDelivery delivery;
        delivery.id = newJobId();
        delivery.subscriptionId = subscription.id;
        delivery.event = event;
        delivery.jobId = transition.jobId;
        delivery.transitionSeq = transition.seq;
        delivery.body = *body;
        delivery.createdAt = nowRfc3339();
        delivery.firstAttemptDueMs = delivery.nextAttemptMs = nowMs();
        deliveries.push_back(std::move(delivery));
      }
    }
    store_.fanOut(transitions.back().seq, deliveries);
  }
}

WebhookDelivery WebhookDispatcher::attempt(WebhookDelivery delivery, const WebhookSubscription& subscription) {
  OutboundResponse answer;
  try {
    std::string secret = secrets_.open(subscription.sealedSecret);
    answer = sender_.send({"POST",
                           subscription.url,
                           {{"Content-Type", "application/json"},
                            {"User-Agent", userAgent_},
                            {"X-ClusterForge-Event", delivery.event},
                            {"X-ClusterForge-Delivery", delivery.id},
                            {"X-ClusterForge-Signature", webhookSignature(secret, delivery.body)}},
                           delivery.body,
                           policy_.timeout,
                           kLongestReceiverAnswer});
  } catch (const std::exception& e) {
    answer.error = std::string("the subscription's secret cannot be unsealed: ") + e.what();
  }
  ++delivery.attempts;
  delivery.lastAttemptAt = nowRfc3339();
  delivery.lastStatus = answer.status;
  std::string where = subscription.id + " (" + originOf(subscription.url) + ")";
  if (answer.status && *answer.status >= 200 && *answer.status < 300) {
    delivery.state = DeliveryState::Delivered;
    delivery.lastError.clear();
    metrics_->increment("clusterforge_webhook_deliveries_total", {"delivered"});
    log_->info("webhook {} of job {} delivered to subscription {} (delivery {}, attempt {})", delivery.event,
               delivery.jobId, where, delivery.id, delivery.attempts);
    return delivery;
  }
  delivery.lastError = answer.status ? "the receiver answered HTTP " + std::to_string(*answer.status) : answer.error;
  int64_t now = nowMs();
  auto giveUpMs = std::chrono::duration_cast<std::chrono::milliseconds>(policy_.giveUpAfter).count();
  if (now - delivery.firstAttemptDueMs >= giveUpMs) {
    delivery.state = DeliveryState::Failed;
    metrics_->increment("clusterforge_webhook_deliveries_total", {"failed"});
    log_->error("webhook {} of job {} to subscription {} given up after {} attempts: {} (delivery {})", delivery.event,
                delivery.jobId, where, delivery.attempts, delivery.lastError, delivery.id);
    return delivery;
  }
  int doublings = std::min(delivery.attempts - 1, 30);
  int64_t delay = std::min<int64_t>(policy_.firstRetry.count() << doublings, policy_.longestRetry.count());
  delivery.nextAttemptMs = now + delay;
  metrics_->increment("clusterforge_webhook_deliveries_total", {"retrying"});
  log_->warn("webhook {} of job {} to subscription {} failed: {}; attempt {}, next in {} s (delivery {})",
             delivery.event, delivery.jobId, where, delivery.lastError, delivery.attempts, delay / 1000, delivery.id);
  return delivery;
}

bool WebhookDispatcher::deliverDue() {
  auto due = store_.due(nowMs(), static_cast<int>(policy_.parallel));
  if (due.empty()) return false;
  std::vector<std::future<WebhookDelivery>> sends;
  for (auto& delivery : due) {
    auto subscription = store_.subscription(delivery.subscriptionId);
    if (!subscription) continue;  // removed meanwhile, its deliveries with it
    sends.push_back(std::async(std::launch::async, [this, delivery = std::move(delivery), s = *subscription] {
      return attempt(delivery, s);
    }));
  }
  for (auto& send : sends) store_.recordAttempt(send.get());
  return true;
}

void WebhookDispatcher::prune() {
  auto now = std::chrono::steady_clock::now();
  if (lastPrune_ != std::chrono::steady_clock::time_point{} && now - lastPrune_ < std::chrono::hours(1)) return;
  lastPrune_ = now;
  int forgotten = store_.pruneDeliveries(formatRfc3339(std::chrono::system_clock::now() - policy_.keepFor));
  if (forgotten > 0) log_->info("webhook outbox: forgot {} delivered or failed deliveries", forgotten);
}

void WebhookDispatcher::run() {
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
      woken_ = false;
    }
    auto passStarted = std::chrono::steady_clock::now();
    std::optional<int64_t> nextDue;
    try {
      prune();
      fanOut();
      while (deliverDue()) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_) return;
      }
      nextDue = store_.nextDueMs();
    } catch (const std::exception& e) {
      log_->error("webhook outbox: {}; trying again shortly", e.what());
    }
    auto until = std::chrono::steady_clock::now() + kIdleLook;
    if (nextDue) {
      until = std::min(until, std::chrono::steady_clock::now() + std::chrono::milliseconds(nextDue.value() - nowMs()));
    }
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait_until(lock, until, [this] { return woken_ || stopping_; });
    wake_.wait_until(lock, passStarted + kLeastBetweenPasses, [this] { return stopping_; });
  }
}

}  // namespace cf::api
