// Delivers the webhook outbox (webhook_store.h): turns job transitions into
// deliveries for the subscriptions that want them, then POSTs each due one,
// signed, and records the outcome. At least once: a delivery is marked
// delivered only after a 2xx, so a crash in between sends it again (receivers
// dedupe on X-ClusterForge-Delivery). A failed attempt is retried with
// exponential backoff until `giveUpAfter` has passed since it was first due.
// One thread of its own plus at most `parallel` sends at a time, each bounded
// by `timeout`: a slow receiver never holds a request thread or a job worker.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <spdlog/logger.h>

#include "api/http_client.h"
#include "api/webhook_store.h"
#include "orchestration/common/metrics.h"
#include "orchestration/jobs/job_store.h"
#include "orchestration/jobs/secret_box.h"

namespace cf::api {

struct WebhookPolicy {
  std::chrono::milliseconds timeout{10000};       // --webhook-timeout-ms
  std::chrono::milliseconds firstRetry{10000};    // --webhook-retry-base-ms; doubles per attempt
  std::chrono::milliseconds longestRetry{3600000};
  std::chrono::hours giveUpAfter{24};             // --webhook-give-up-hours
  std::chrono::hours keepFor{24 * 30};            // --webhook-keep-days: ended deliveries, then forgotten
  size_t parallel = 4;
};

// The webhook event a job status stands for, or "" for none (queued).
std::string webhookEventOf(const std::string& jobStatus);
// What X-ClusterForge-Signature carries: "sha256=" and the hex HMAC-SHA256
// of the body with the subscription's secret.
std::string webhookSignature(const std::string& secret, const std::string& body);

class WebhookDispatcher {
 public:
  WebhookDispatcher(WebhookStore& store, JobStore& jobs, SecretBox& secrets, HttpClient& sender,
                    WebhookPolicy policy, std::shared_ptr<Metrics> metrics, std::shared_ptr<spdlog::logger> log,
                    std::string userAgent);
  ~WebhookDispatcher();

  void start();
  // Sends in flight finish (each bounded by the timeout); the rest wait for the next start.
  void stop();
  // A job changed: there may be a transition to fan out.
  void wake();

 private:
  void run();
  void fanOut();
  // Forgets ended deliveries past keepFor, at most once an hour.
  void prune();
  // Sends what is due now; false when nothing was.
  bool deliverDue();
  WebhookDelivery attempt(WebhookDelivery delivery, const WebhookSubscription& subscription);

  WebhookStore& store_;
  JobStore& jobs_;
  SecretBox& secrets_;
  HttpClient& sender_;
  WebhookPolicy policy_;
  std::shared_ptr<Metrics> metrics_;
  std::shared_ptr<spdlog::logger> log_;
  std::string userAgent_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool woken_ = false;
  bool stopping_ = false;
  std::chrono::steady_clock::time_point lastPrune_{};
  std::thread thread_;
};

}  // namespace cf::api
