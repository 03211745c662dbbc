// The webhook outbox without sockets: a job's status changes become signed
// deliveries for the subscriptions that want them; a failed attempt is tried
// again later, a delivery past its give-up time fails, ended deliveries are
// forgotten after their keep time, and pending ones never are.
#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include <spdlog/sinks/null_sink.h>

#include "api/webhook_dispatcher.h"
#include "orchestration/common/clock.h"
#include "orchestration/common/hmac_sha256.h"
#include "service/aes_gcm_secret_box.h"
#include "storage/sqlite_job_store.h"
#include "storage/sqlite_webhook_store.h"
#include "tests/support/temp_dir.h"

namespace cf::api {
namespace {

using namespace std::chrono_literals;

// Answers each POST with the next status of its script (the last one repeats).
class ScriptedReceiver : public HttpClient {
 public:
  explicit ScriptedReceiver(std::vector<int> statuses) : statuses_(std::move(statuses)) {}

  OutboundResponse send(const OutboundRequest& request) override {
    std::lock_guard<std::mutex> lock(mutex_);
    received_.push_back(request);
    OutboundResponse answer;
    int status = statuses_[std::min(received_.size() - 1, statuses_.size() - 1)];
    if (status == 0) answer.error = "connection refused";
    else answer.status = status;
    return answer;
  }

  std::vector<OutboundRequest> received() {
    std::lock_guard<std::mutex> lock(mutex_);
    return received_;
  }

 private:
  std::mutex mutex_;
  std::vector<int> statuses_;
  std::vector<OutboundRequest> received_;
};

std::string header(const OutboundRequest& request, const std::string& name) {
  for (const auto& [n, v] : request.headers) {
    if (n == name) return v;
  }
  return "";
}

class WebhookDispatcherTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  std::unique_ptr<storage::SqliteJobStore> jobs = storage::SqliteJobStore::open(dir.file("cf.db"));
  std::unique_ptr<storage::SqliteWebhookStore> webhooks = storage::SqliteWebhookStore::open(dir.file("cf.db"));
  service::AesGcmSecretBox secrets{dir.file("secret.key")};
  std::shared_ptr<spdlog::logger> log =
      std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());

  void subscribe(std::vector<std::string> events) {
    webhooks->addSubscription({"S1", "https://portal.example/hooks", std::move(events),
                               secrets.seal("a-shared-secret-of-some-length"), nowRfc3339()});
  }

  // A job that starts and succeeds: two transitions.
  void runAJob() {
    Job job = newJob("J1", "cluster.create", "EXCLUSTER", {{"name", "EXCLUSTER"}}, {"checkNodes"}, nowRfc3339());
    jobs->insert(job, {});
    markStarted(job, nowRfc3339());
    jobs->update(job, {});
    markStepRunning(job, 0, nowRfc3339());
    markStepSucceeded(job, 0, nowRfc3339(), "done");
    markSucceeded(job, nowRfc3339());
    jobs->update(job, {});
  }

  std::vector<WebhookDelivery> deliveriesWhen(const std::function<bool(const std::vector<WebhookDelivery>&)>& done) {
    for (int i = 0; i < 200; ++i) {
      auto all = webhooks->deliveries("S1", 100, std::nullopt);
      if (done(all)) return all;
      std::this_thread::sleep_for(20ms);
    }
    return webhooks->deliveries("S1", 100, std::nullopt);
  }
};

TEST_F(WebhookDispatcherTest, DeliversWhatTheSubscriptionWantsSignedAndRetriesAFailure) {
  subscribe({"job.succeeded"});
  runAJob();
  ScriptedReceiver receiver({503, 200});
  WebhookPolicy policy;
  policy.firstRetry = 50ms;
  WebhookDispatcher dispatcher(*webhooks, *jobs, secrets, receiver, policy, std::make_shared<Metrics>(), log, "test");
  dispatcher.start();
  auto all = deliveriesWhen([](const auto& d) { return d.size() == 1 && d[0].state == DeliveryState::Delivered; });
  dispatcher.stop();
  ASSERT_EQ(all.size(), 1u) << "job.started is not subscribed";
  EXPECT_EQ(all[0].event, "job.succeeded");
  EXPECT_EQ(all[0].state, DeliveryState::Delivered);
  EXPECT_EQ(all[0].attempts, 2);
  auto sent = receiver.received();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].body, sent[1].body) << "a retry sends the same bytes";
  EXPECT_EQ(header(sent[0], "X-ClusterForge-Delivery"), header(sent[1], "X-ClusterForge-Delivery"));
  EXPECT_EQ(header(sent[1], "X-ClusterForge-Signature"),
            "sha256=" + hmacSha256Hex("a-shared-secret-of-some-length", sent[1].body));
  EXPECT_EQ(header(sent[1], "X-ClusterForge-Event"), "job.succeeded");
  EXPECT_NE(sent[1].body.find("\"status\":\"succeeded\""), std::string::npos);
  EXPECT_TRUE(webhooks->transitions(10).empty()) << "fanned out once";
}

TEST_F(WebhookDispatcherTest, ADeliveryPastItsGiveUpTimeFailsAndEndedOnesAreForgottenLater) {
  subscribe({"job.started", "job.succeeded"});
  runAJob();
  ScriptedReceiver receiver({0});
  WebhookPolicy policy;
  policy.giveUpAfter = 0h;
  WebhookDispatcher dispatcher(*webhooks, *jobs, secrets, receiver, policy, std::make_shared<Metrics>(), log, "test");
  dispatcher.start();
  auto all = deliveriesWhen([](const auto& d) {
    return d.size() == 2 && d[0].state == DeliveryState::Failed && d[1].state == DeliveryState::Failed;
  });
  dispatcher.stop();
  ASSERT_EQ(all.size(), 2u);
  for (const auto& d : all) {
    EXPECT_EQ(d.state, DeliveryState::Failed);
    EXPECT_EQ(d.attempts, 1);
    EXPECT_EQ(d.lastError, "connection refused");
    EXPECT_FALSE(d.lastStatus.has_value());
  }
  // A new pending delivery is kept whatever its age; the ended ones go.
  webhooks->fanOut(0, {{0, "D-pending", "S1", "job.started", "J1", "{}", DeliveryState::Pending, 0,
                        "2000-01-01T00:00:00.000Z", 0, INT64_MAX, std::nullopt, std::nullopt, ""}});
  EXPECT_EQ(webhooks->pruneDeliveries(formatRfc3339(std::chrono::system_clock::now() + 1h)), 2);
  auto left = webhooks->deliveries("S1", 100, std::nullopt);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].id, "D-pending");
}

}  // namespace
}  // namespace cf::api
