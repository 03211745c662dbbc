// The HTTP surface through HttpApi, without sockets: routing, problem+json,
// validation, job resources, paging and conditional GETs.
#include <gtest/gtest.h>

#include <spdlog/sinks/null_sink.h>

#include "api/http_api.h"
#include "orchestration/jobs/scheduler.h"
#include "orchestration/backends/simulated/simulated_backend.h"
#include "orchestration/workflows/standard_catalog.h"
#include "service/aes_gcm_secret_box.h"
#include "api/token_issue.h"
#include "storage/sqlite_audit_store.h"
#include "storage/sqlite_idempotency_store.h"
#include "storage/sqlite_token_store.h"
#include "storage/sqlite_webhook_store.h"
#include "storage/sqlite_job_store.h"
#include "storage/sqlite_report_store.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_lab.h"

namespace cf::api {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class HttpApiTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  std::shared_ptr<spdlog::logger> log =
      std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
  // Jobs and the audit trail share a connection, as the service wires them
  // (store_set.cpp): a submit's audit record commits with its job.
  std::shared_ptr<storage::GroupCommit> journal = storage::GroupCommit::open(dir.file("jobs.db"));
  std::unique_ptr<storage::SqliteJobStore> store = std::make_unique<storage::SqliteJobStore>(journal);
  sim::SimulatedBackend backend{test::referenceLab(), "", 0ms};
  service::AesGcmSecretBox secrets{dir.file("secret.key")};
  std::unique_ptr<storage::SqliteReportStore> reports = storage::SqliteReportStore::open(dir.file("jobs.db"));
  WorkflowCatalog catalog = standardCatalog(secrets, *reports);
  JobRunner runner{*store, backend, catalog, RetryPolicy{}, log};
  Scheduler scheduler{*store, runner, 2, log};
  JobService jobs{*store, scheduler, backend, catalog, secrets, log};
  std::unique_ptr<storage::SqliteIdempotencyStore> idempotency =
      storage::SqliteIdempotencyStore::open(dir.file("jobs.db"));
  std::unique_ptr<storage::SqliteTokenStore> tokens = storage::SqliteTokenStore::open(dir.file("jobs.db"));
  std::unique_ptr<storage::SqliteAuditStore> audit = std::make_unique<storage::SqliteAuditStore>(journal);
  std::unique_ptr<storage::SqliteWebhookStore> webhooks = storage::SqliteWebhookStore::open(dir.file("jobs.db"));
  HttpApi api{ApiDependencies{jobs, *tokens, *audit, backend, scheduler, *reports, *idempotency, *webhooks, secrets,
                              [] {
                                return StorageHealth{true, "reads and writes"};
                              },
                              "test", "openapi: 3.1.0\n", log}};
  std::string adminToken = std::get<IssuedToken>(issueToken(*tokens, {"unit-admin", "admin", std::nullopt})).token;

  void SetUp() override { scheduler.start(); }
  void TearDown() override { scheduler.stop(5s); }

  Response call(const std::string& method, const std::string& path, const std::string& body = "",
                std::map<std::string, std::string> headers = {{"content-type", "application/json"}},
                std::map<std::string, std::string> query = {}) {
    Request r;
    r.method = method;
    r.path = path;
    r.body = body;
    r.headers = std::move(headers);
    if (!r.headers.count("authorization")) r.headers["authorization"] = "Bearer " + adminToken;
    r.query = std::move(query);
    return api.handle(r);
  }

  json waitForJob(const std::string& id) {
    for (int i = 0; i < 300; ++i) {
      auto r = call("GET", "/v1/jobs/" + id);
      auto body = json::parse(r.body);
      if (isTerminal(*parseJobStatus(body["status"]))) return body;
      std::this_thread::sleep_for(10ms);
    }
    ADD_FAILURE() << "job " << id << " did not finish";
    return {};
  }

  static void expectProblem(const Response& r, int status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.contentType, "application/problem+json");
    auto body = json::parse(r.body);
    EXPECT_EQ(body["status"], status);
    EXPECT_EQ(body["code"], code);
    EXPECT_FALSE(body["requestId"].get<std::string>().empty());
    EXPECT_EQ(r.header("X-Request-Id"), body["requestId"].get<std::string>());
  }
};

TEST_F(HttpApiTest, PutClusterAcceptsAJobAndPointsAtIt) {
  auto r = call("PUT", "/v1/clusters/excluster", test::runbookClusterBody());
  ASSERT_EQ(r.status, 202) << r.body;
  auto job = json::parse(r.body);
  EXPECT_EQ(job["kind"], "cluster.create");
  EXPECT_EQ(job["cluster"], "EXCLUSTER");
  EXPECT_EQ(r.header("Location"), "/v1/jobs/" + job["id"].get<std::string>());
  EXPECT_EQ(r.header("Operation-Location"), r.header("Location"));
  auto done = waitForJob(job["id"]);
  EXPECT_EQ(done["status"], "succeeded");
  auto cluster = call("GET", "/v1/clusters/EXCLUSTER");
  ASSERT_EQ(cluster.status, 200);
  EXPECT_EQ(json::parse(cluster.body)["lastJob"]["id"], job["id"]);
}

TEST_F(HttpApiTest, PutWithOtherNodesForAnExistingClusterIs409) {
  waitForJob(json::parse(call("PUT", "/v1/clusters/EXCLUSTER", test::runbookClusterBody()).body)["id"]);
  auto r = call("PUT", "/v1/clusters/EXCLUSTER",
                R"({"nodes":["EX-NODE1"],"staticAddresses":[{"address":"10.0.0.50","prefixLength":24}]})");
  expectProblem(r, 409, "clusterNodesDiffer");
}

TEST_F(HttpApiTest, MalformedAndInvalidBodies) {
  expectProblem(call("PUT", "/v1/clusters/C1", "{\"nodes\": [", {{"content-type", "application/json"}}), 400,
                "malformedJson");
  expectProblem(call("PUT", "/v1/clusters/C1", "", {{"content-type", "application/json"}}), 400, "malformedJson");
  expectProblem(call("PUT", "/v1/clusters/C1", test::runbookClusterBody(), {{"content-type", "text/plain"}}), 415,
                "unsupportedMediaType");
  expectProblem(call("PUT", "/v1/clusters/C1", test::runbookClusterBody(), {}), 415, "unsupportedMediaType");
  auto r = call("PUT", "/v1/clusters/C1", R"({"nodes":["N 1"],"staticAddresses":[]})");
  expectProblem(r, 422, "validationFailed");
  auto errors = json::parse(r.body)["errors"];
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0]["pointer"], "#/nodes/0");
  EXPECT_EQ(errors[1]["pointer"], "#/staticAddresses");
  auto badName = call("PUT", "/v1/clusters/THIS-NAME-IS-TOO-LONG", test::runbookClusterBody());
  expectProblem(badName, 422, "validationFailed");
  EXPECT_EQ(json::parse(badName.body)["errors"][0]["parameter"], "name");
  // A charset parameter and +json types are fine.
  EXPECT_EQ(
      call("PUT", "/v1/clusters/C1", test::runbookClusterBody(), {{"content-type", "application/json; charset=utf-8"}})
          .status,
      202);
}

TEST_F(HttpApiTest, UnknownRoutesAndMethods) {
  expectProblem(call("GET", "/v1/nothing"), 404, "notFound");
  expectProblem(call("GET", "/v1/jobs/"), 404, "notFound");
  auto r = call("POST", "/v1/clusters/C1");
  expectProblem(r, 405, "methodNotAllowed");
  EXPECT_EQ(r.header("Allow"), "GET, PUT, DELETE");
  expectProblem(call("GET", "/v1/jobs/no-such-job"), 404, "jobNotFound");
  expectProblem(call("GET", "/v1/clusters/NOPE"), 404, "clusterNotFound");
  expectProblem(call("GET", "/v1/clusters/bad$name"), 404, "clusterNotFound");
}

TEST_F(HttpApiTest, JobGetHasRetryAfterWhileRunningAndAnETag) {
  auto accepted = json::parse(call("PUT", "/v1/clusters/EXCLUSTER", test::runbookClusterBody()).body);
  waitForJob(accepted["id"]);
  auto r = call("GET", "/v1/jobs/" + accepted["id"].get<std::string>());
  ASSERT_EQ(r.status, 200);
  EXPECT_FALSE(r.header("Retry-After"));  // finished
  auto etag = r.header("ETag");
  ASSERT_TRUE(etag);
  auto again = call("GET", "/v1/jobs/" + accepted["id"].get<std::string>(), "", {{"if-none-match", *etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.header("ETag"), etag);
  const std::string path = "/v1/jobs/" + accepted["id"].get<std::string>();
  EXPECT_EQ(call("GET", path, "", {{"if-none-match", " \"stale\" ,W/" + *etag}}).status, 304);
  EXPECT_EQ(call("GET", path, "", {{"if-none-match", "*"}}).status, 304);
  EXPECT_EQ(call("GET", path, "", {{"if-none-match", "\"stale\", W/\"other\""}}).status, 200);
  EXPECT_EQ(call("GET", path, "", {{"if-none-match", ","}}).status, 200);
}

TEST_F(HttpApiTest, ListsJobsWithFiltersAndOpaquePages) {
  for (int i = 0; i < 5; ++i) {
    waitForJob(json::parse(call("PUT", "/v1/clusters/EXCLUSTER", test::runbookClusterBody()).body)["id"]);
  }
  auto first = call("GET", "/v1/jobs", "", {}, {{"limit", "2"}});
  ASSERT_EQ(first.status, 200);
  auto page1 = json::parse(first.body);
  ASSERT_EQ(page1["items"].size(), 2u);
  ASSERT_TRUE(page1["nextPageToken"].is_string());
  auto page2 =
      json::parse(call("GET", "/v1/jobs", "", {}, {{"limit", "2"}, {"pageToken", page1["nextPageToken"]}}).body);
  EXPECT_NE(page2["items"][0]["id"], page1["items"][0]["id"]);

  auto filtered = json::parse(
      call("GET", "/v1/jobs", "", {}, {{"cluster", "excluster"}, {"status", "succeeded"}, {"kind", "cluster.create"}})
          .body);
  EXPECT_EQ(filtered["items"].size(), 5u);
  EXPECT_TRUE(filtered["nextPageToken"].is_null());

  expectProblem(call("GET", "/v1/jobs", "", {}, {{"status", "done"}}), 400, "invalidParameter");
  expectProblem(call("GET", "/v1/jobs", "", {}, {{"limit", "0"}}), 400, "invalidParameter");
  expectProblem(call("GET", "/v1/jobs", "", {}, {{"limit", "1000"}}), 400, "invalidParameter");
  expectProblem(call("GET", "/v1/jobs", "", {}, {{"pageToken", "forged"}}), 400, "invalidParameter");
}

TEST_F(HttpApiTest, EventsArePagedBySequence) {
  auto id =
      json::parse(call("PUT", "/v1/clusters/EXCLUSTER", test::runbookClusterBody()).body)["id"].get<std::string>();
  waitForJob(id);
  auto all = json::parse(call("GET", "/v1/jobs/" + id + "/events").body);
  ASSERT_GT(all["items"].size(), 3u);
  EXPECT_EQ(all["items"][0]["message"], "accepted");
  auto later = json::parse(call("GET", "/v1/jobs/" + id + "/events", "", {}, {{"after", "2"}}).body);
  EXPECT_EQ(later["items"][0]["sequence"], 3);
  expectProblem(call("GET", "/v1/jobs/" + id + "/events", "", {}, {{"after", "-1"}}), 400, "invalidParameter");
}

TEST_F(HttpApiTest, CancelOfAFinishedJobIs409) {
  auto id =
      json::parse(call("PUT", "/v1/clusters/EXCLUSTER", test::runbookClusterBody()).body)["id"].get<std::string>();
  waitForJob(id);
  expectProblem(call("POST", "/v1/jobs/" + id + "/cancel"), 409, "jobFinished");
  expectProblem(call("POST", "/v1/jobs/unknown/cancel"), 404, "jobNotFound");
}

TEST_F(HttpApiTest, HealthReadinessAndContract) {
  EXPECT_EQ(call("GET", "/healthz").status, 200);
  auto ready = call("GET", "/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(json::parse(ready.body)["checks"]["backend"]["kind"], "simulated");
  auto doc = call("GET", "/openapi.yaml");
  EXPECT_EQ(doc.contentType, "application/yaml");
  EXPECT_EQ(doc.body, "openapi: 3.1.0\n");
}

TEST_F(HttpApiTest, AnIdempotencyKeyReplaysTheFirstAnswer) {
  std::map<std::string, std::string> headers = {{"content-type", "application/json"}, {"idempotency-key", "portal-42"}};
  std::string body = R"({"nodes":["EX-NODE1","EX-NODE2"]})";
  auto first = call("POST", "/v1/validations", body, headers);
  ASSERT_EQ(first.status, 202) << first.body;
  auto retry = call("POST", "/v1/validations", body, headers);
  EXPECT_EQ(retry.status, 202);
  EXPECT_EQ(retry.body, first.body);
  EXPECT_EQ(retry.header("Location"), first.header("Location"));
  EXPECT_EQ(retry.header("Idempotent-Replayed"), "true");
  EXPECT_EQ(json::parse(call("GET", "/v1/jobs", "", {}, {{"kind", "validation.run"}}).body)["items"].size(), 1u);

  expectProblem(call("POST", "/v1/validations", R"({"nodes":["EX-NODE1"]})", headers), 422, "validationFailed");
  // The same key on another path is another request.
  EXPECT_EQ(
      call("POST", "/v1/node-preparations", R"({"nodes":["EX-NODE1"],"features":["PowerShell"]})", headers).status,
      202);
  auto bad =
      call("POST", "/v1/validations", body, {{"content-type", "application/json"}, {"idempotency-key", "has space"}});
  expectProblem(bad, 400, "invalidParameter");
  // A refused request is an answer too: its retry gets the same refusal.
  std::map<std::string, std::string> k2 = {{"content-type", "application/json"}, {"idempotency-key", "k2"}};
  EXPECT_EQ(call("POST", "/v1/validations", "{}", k2).status, 422);
  EXPECT_EQ(call("POST", "/v1/validations", "{}", k2).header("Idempotent-Replayed"), "true");
}

TEST_F(HttpApiTest, MetricsCountAnswersAndShowTheQueue) {
  call("GET", "/healthz");
  call("GET", "/v1/nothing");
  auto m = call("GET", "/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_EQ(m.contentType, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(m.body.find("clusterforge_http_requests_total{method=\"GET\",route=\"/healthz\",code=\"200\"} 1\n"),
            std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find("clusterforge_http_requests_total{method=\"other\",route=\"unmatched\",code=\"404\"} 1\n"),
            std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find("clusterforge_http_request_duration_seconds_count{route=\"/healthz\"} 1\n"), std::string::npos);
  EXPECT_NE(m.body.find("clusterforge_jobs_queued 0\n"), std::string::npos);
  EXPECT_NE(m.body.find("clusterforge_ready 1\n"), std::string::npos);
}

TEST_F(HttpApiTest, KeepsAPlainClientRequestIdAndReplacesOthers) {
  auto kept = call("GET", "/healthz", "", {{"x-request-id", "portal-123"}});
  EXPECT_EQ(kept.header("X-Request-Id"), "portal-123");
  auto replaced = call("GET", "/healthz", "", {{"x-request-id", "bad id\r\nX: y"}});
  EXPECT_NE(replaced.header("X-Request-Id"), "bad id\r\nX: y");
}

TEST_F(HttpApiTest, WithNoUsableTokenThe401SaysHowToMakeTheFirst) {
  tokens->revoke("unit-admin", "2026-01-01T00:00:00.000Z");
  auto r = call("GET", "/v1/jobs", "", {{"authorization", "Bearer cft_whatever"}});
  EXPECT_EQ(r.status, 401);
  auto anonymous = call("GET", "/v1/jobs", "", {{"authorization", ""}});
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_NE(json::parse(anonymous.body)["detail"].get<std::string>().find("clusterforge token create"),
            std::string::npos);
  EXPECT_EQ(*anonymous.header("WWW-Authenticate"), "Bearer realm=\"clusterforge\"");
}

}  // namespace
}  // namespace cf::api
