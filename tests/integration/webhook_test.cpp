// Webhooks against the real binary: a receiver in the test gets signed
// deliveries for the whole runbook, and again after an outage of its own and
// a restart of the service, each delivery once marked delivered; the secret
// is never shown or logged.
#include <fstream>
#include <set>
#include <sstream>

#include "orchestration/common/hmac_sha256.h"
#include "tests/integration/job_polling.h"
#include "tests/integration/service_test.h"
#include "tests/integration/webhook_receiver.h"

namespace cf::test {
namespace {

using nlohmann::json;

constexpr const char* kSecret = "correct-horse-battery-staple";
const std::vector<std::string> kAllEvents = {"job.started", "job.succeeded", "job.failed", "job.canceled"};

// The hooks received for `jobId`, by event.
std::map<std::string, ReceivedHook> hooksFor(const std::vector<ReceivedHook>& received, const std::string& jobId) {
  std::map<std::string, ReceivedHook> out;
  for (const auto& hook : received) {
    if (json::parse(hook.body)["id"] == jobId) out[hook.headers.at("x-clusterforge-event")] = hook;
  }
  return out;
}

std::string fileText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class WebhookTest : public ServiceTest {
 protected:
  WebhookReceiver receiver;

  void startService() { start({"--webhook-retry-base-ms", "200", "--webhook-timeout-ms", "2000"}); }

  std::string subscribe(int port) {
    auto created = service->client().post(
        "/v1/subscriptions",
        json{{"url", "http://127.0.0.1:" + std::to_string(port) + "/hooks/clusterforge?key=url-credential"},
             {"events", kAllEvents},
             {"secret", kSecret}}
            .dump());
    EXPECT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.body.find(kSecret), std::string::npos);
    EXPECT_NE(created.header("location").find("/v1/subscriptions/"), std::string::npos);
    return created.json()["id"];
  }

  // Both events of a job arrive, signed with the secret over the exact body.
  void expectSignedStartAndSuccess(const std::string& jobId) {
    ASSERT_TRUE(receiver.waitFor([&](const auto& all) { return hooksFor(all, jobId).size() >= 2; }))
        << "deliveries for job " << jobId << " did not arrive";
    auto hooks = hooksFor(receiver.received(), jobId);
    for (const char* event : {"job.started", "job.succeeded"}) {
      ASSERT_TRUE(hooks.count(event)) << event;
      const auto& hook = hooks[event];
      EXPECT_EQ(hook.method, "POST");
      EXPECT_EQ(hook.target, "/hooks/clusterforge?key=url-credential");
      EXPECT_EQ(hook.headers.at("content-type").rfind("application/json", 0), 0u);
      EXPECT_EQ(hook.headers.at("x-clusterforge-signature"), "sha256=" + hmacSha256Hex(kSecret, hook.body));
      EXPECT_FALSE(hook.headers.at("x-clusterforge-delivery").empty());
    }
    EXPECT_EQ(json::parse(hooks["job.succeeded"].body)["status"], "succeeded");
  }
};

TEST_F(WebhookTest, TheWholeRunbookIsDeliveredSignedAndSoIsWhatEndedDuringAnOutageAndARestart) {
  int port = receiver.start();
  startService();
  std::string subscription = subscribe(port);
  auto shown = service->client().get("/v1/subscriptions/" + subscription);
  ASSERT_EQ(shown.status, 200);
  EXPECT_EQ(shown.json()["events"], json(kAllEvents));
  EXPECT_FALSE(shown.json().contains("secret"));

  auto client = service->client();
  auto runbook = client.put("/v1/clusters/EXCLUSTER", test::wholeRunbookRequest().dump());
  ASSERT_EQ(runbook.status, 202) << runbook.body;
  std::string runbookJob = runbook.json()["id"];
  EXPECT_EQ(waitForFinish(client, runbookJob)["status"], "succeeded");
  expectSignedStartAndSuccess(runbookJob);

  // The receiver goes away; a job ends meanwhile, and its deliveries wait.
  receiver.stop();
  auto validation = client.post("/v1/validations", json{{"nodes", {"EX-NODE1", "EX-NODE2"}}}.dump());
  ASSERT_EQ(validation.status, 202);
  std::string validationJob = validation.json()["id"];
  waitForFinish(client, validationJob);
  auto pendingWithAnError = [&](const json& page) {
    int waiting = 0;
    for (const auto& d : page["items"]) {
      if (d["jobId"] == validationJob && d["status"] == "pending" && d["attempts"].get<int>() >= 1 &&
          d["lastError"].is_string()) {
        ++waiting;
      }
    }
    return waiting == 2;
  };
  bool seenFailing = false;
  for (int i = 0; i < 200 && !seenFailing; ++i) {
    seenFailing = pendingWithAnError(client.get("/v1/subscriptions/" + subscription + "/deliveries").json());
    if (!seenFailing) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(seenFailing) << client.get("/v1/subscriptions/" + subscription + "/deliveries").body;

  // The service restarts while the receiver is still away, then it comes back.
  ASSERT_EQ(service->terminate(), 0);
  startService();
  receiver.start(port);
  expectSignedStartAndSuccess(validationJob);

  auto deliveries = service->client().get("/v1/subscriptions/" + subscription + "/deliveries").json()["items"];
  std::set<std::string> ids;
  for (const auto& d : deliveries) {
    ids.insert(d["id"].get<std::string>());
    if (d["jobId"] == validationJob) {
      // Delivered after the receiver came back; recorded as such once it answered.
      bool delivered = receiver.waitFor([&](const auto&) {
        auto now = service->client().get("/v1/subscriptions/" + subscription + "/deliveries").json()["items"];
        for (const auto& n : now) {
          if (n["id"] == d["id"]) return n["status"] == "delivered" && n["attempts"].get<int>() >= 2;
        }
        return false;
      });
      EXPECT_TRUE(delivered) << d.dump();
    }
  }
  EXPECT_EQ(ids.size(), deliveries.size()) << "delivery ids are unique";
  std::set<std::string> receivedIds;
  for (const auto& hook : receiver.received()) receivedIds.insert(hook.headers.at("x-clusterforge-delivery"));
  EXPECT_GE(receivedIds.size(), 4u);

  std::string log = fileText(service->logFile());
  EXPECT_EQ(log.find(kSecret), std::string::npos);
  EXPECT_EQ(log.find("url-credential"), std::string::npos);
  EXPECT_NE(log.find("delivered to subscription"), std::string::npos);

  auto metrics = service->client().get("/metrics").body;
  EXPECT_NE(metrics.find("clusterforge_webhook_deliveries_total{result=\"delivered\"}"), std::string::npos);
}

TEST_F(WebhookTest, AReceiverThatAnswersTooMuchIsAFailedAttemptNotAMemoryBill) {
  int port = receiver.start();
  receiver.answerWithBody(32 << 20, false);
  startService();
  std::string subscription = subscribe(port);
  auto client = service->client();
  auto validation = client.post("/v1/validations", json{{"nodes", {"EX-NODE1"}}}.dump());
  ASSERT_EQ(validation.status, 202);
  waitForFinish(client, validation.json()["id"]);
  json failing;
  for (int i = 0; i < 200; ++i) {
    failing = client.get("/v1/subscriptions/" + subscription + "/deliveries").json();
    if (!failing["items"].empty() && failing["items"][0]["lastError"].is_string()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_FALSE(failing["items"].empty());
  auto first = failing["items"][0];
  EXPECT_EQ(first["status"], "pending") << first.dump();
  EXPECT_NE(first["lastError"].get<std::string>().find("over the 65536 bytes"), std::string::npos) << first.dump();
  EXPECT_EQ(client.get("/readyz").status, 200);
}

TEST_F(WebhookTest, ASubscriptionIsCheckedFieldByFieldAndRemovedWithItsDeliveries) {
  startService();
  auto client = service->client();
  auto refused = client.post("/v1/subscriptions", json{{"url", "ftp://user:pw@example.com/x#frag"},
                                                       {"events", {"job.started", "job.started", "job.exploded"}},
                                                       {"secret", "short"},
                                                       {"colour", "blue"}}
                                                      .dump());
  ASSERT_EQ(refused.status, 422) << refused.body;
  std::set<std::string> pointers;
  auto problem = refused.json();
  for (const auto& e : problem["errors"]) pointers.insert(e["pointer"].get<std::string>());
  EXPECT_EQ(pointers, (std::set<std::string>{"#/url", "#/events/1", "#/events/2", "#/secret", "#/colour"}));
  EXPECT_EQ(refused.body.find("short"), std::string::npos) << "the secret is not echoed";

  for (const char* url : {"http://user:pw@example.com/", "https:///path", "http://host:99999/", "http://[::1/"}) {
    auto r = client.post("/v1/subscriptions", json{{"url", url}, {"events", {"job.failed"}}, {"secret", kSecret}}.dump());
    EXPECT_EQ(r.status, 422) << url;
  }

  std::string id = subscribe(9);
  EXPECT_EQ(client.get("/v1/subscriptions").json()["items"].size(), 1u);
  EXPECT_EQ(client.request("DELETE", "/v1/subscriptions/" + id, "", {}).status, 204);
  EXPECT_EQ(client.get("/v1/subscriptions/" + id).status, 404);
  EXPECT_EQ(client.get("/v1/subscriptions/" + id + "/deliveries").status, 404);
  EXPECT_EQ(client.request("DELETE", "/v1/subscriptions/" + id, "", {}).status, 404);
}

}  // namespace
}  // namespace cf::test
