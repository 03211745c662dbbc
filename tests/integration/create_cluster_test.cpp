// The create-cluster job end to end: the real binary on loopback, driven over
// HTTP the way an operator or a portal drives it.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>

#include "tests/integration/job_polling.h"
#include "tests/integration/service_process.h"
#include "tests/integration/service_test.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_lab.h"

namespace cf::test {
namespace {

TEST(CreateCluster, TheRunbookClusterIsCreatedAndObservable) {
  TempDir dir;
  ServiceProcess service(dir.path(), {"--sim-delay-ms", "600"});
  service.start();
  auto client = service.client();

  auto accepted = client.put("/v1/clusters/EXCLUSTER", runbookClusterBody());
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  auto id = accepted.json()["id"].get<std::string>();
  // Absolute, from the Host the client used (the test client sends 127.0.0.1:PORT).
  std::string self = "http://127.0.0.1:" + std::to_string(service.port()) + "/v1/jobs/" + id;
  EXPECT_EQ(accepted.header("location"), self);
  EXPECT_EQ(accepted.header("operation-location"), self);

  auto inFlight = client.get("/v1/jobs/" + id);
  ASSERT_EQ(inFlight.status, 200);
  if (inFlight.json()["status"] != "succeeded") {
    EXPECT_EQ(inFlight.header("retry-after"), "2");
  }

  auto job = waitForFinish(client, id);
  ASSERT_EQ(job["status"], "succeeded") << job.dump(2);
  EXPECT_EQ(job["progress"]["percent"], 100);
  EXPECT_EQ(job["attempt"], 1);
  EXPECT_EQ(job["result"]["changed"], true);

  auto cluster = client.get("/v1/clusters/excluster");
  ASSERT_EQ(cluster.status, 200);
  auto c = cluster.json();
  EXPECT_EQ(c["name"], "EXCLUSTER");
  EXPECT_EQ(c["nodes"],
            nlohmann::json::parse(R"([{"name":"EX-NODE1","state":"up"},{"name":"EX-NODE2","state":"up"}])"));
  EXPECT_EQ(c["staticAddresses"][0]["address"], "10.0.0.50");
  EXPECT_EQ(c["networks"].size(), 2u);
  EXPECT_EQ(c["quorum"]["mode"], "nodeMajority");
  EXPECT_EQ(c["lastJob"]["id"], id);
  EXPECT_EQ(client.get("/v1/clusters").json()["items"].size(), 1u);

  auto events = client.get("/v1/jobs/" + id + "/events").json()["items"];
  ASSERT_GE(events.size(), 8u);
  EXPECT_EQ(events.front()["message"], "accepted");
  EXPECT_EQ(events.back()["message"], "succeeded");

  auto etag = client.get("/v1/jobs/" + id).header("etag");
  EXPECT_EQ(client.get("/v1/jobs/" + id, {{"If-None-Match", etag}}).status, 304);
  EXPECT_EQ(client.get("/v1/jobs?cluster=EXCLUSTER&status=succeeded").json()["items"].size(), 1u);
  EXPECT_EQ(client.get("/openapi.yaml").status, 200);

  // The log tells an operator which job each line belongs to.
  std::ifstream log(service.logFile());
  std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("job=" + id + " kind=cluster.create cluster=EXCLUSTER step=createCluster"), std::string::npos);
}

TEST(CreateCluster, TheSamePutTwiceCreatesTheClusterOnce) {
  TempDir dir;
  ServiceProcess service(dir.path(), {"--sim-delay-ms", "0"});
  service.start();
  auto client = service.client();
  auto first = waitForFinish(client, client.put("/v1/clusters/EXCLUSTER", runbookClusterBody()).json()["id"]);
  ASSERT_EQ(first["status"], "succeeded");
  auto second = waitForFinish(client, client.put("/v1/clusters/EXCLUSTER", runbookClusterBody()).json()["id"]);
  ASSERT_EQ(second["status"], "succeeded");
  EXPECT_EQ(second["result"]["changed"], false);
  EXPECT_EQ(service.changeCount("createCluster"), 1);
}

TEST(CreateCluster, ADifferentNodeSetForAnExistingClusterIs409) {
  TempDir dir;
  ServiceProcess service(dir.path(), {"--sim-delay-ms", "0"});
  service.start();
  auto client = service.client();
  waitForFinish(client, client.put("/v1/clusters/EXCLUSTER", runbookClusterBody()).json()["id"]);
  auto r = client.put("/v1/clusters/EXCLUSTER",
                      R"({"nodes":["EX-NODE1"],"staticAddresses":[{"address":"10.0.0.50","prefixLength":24}]})");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_EQ(r.json()["code"], "clusterNodesDiffer");
}

TEST(CreateCluster, ABrokenLabFailsWithAProblemThatSaysWhatToFix) {
  TempDir dir;
  ServiceProcess service(dir.path(), {"--lab", labPath("exchange-ccr-lab-node2-without-clustering.json")});
  service.start();
  auto client = service.client();
  auto job = waitForFinish(client, client.put("/v1/clusters/EXCLUSTER", runbookClusterBody()).json()["id"]);
  ASSERT_EQ(job["status"], "failed");
  EXPECT_EQ(job["error"]["code"], "backendError");
  EXPECT_EQ(job["error"]["step"], "checkNodes");
  EXPECT_EQ(job["error"]["win32"]["code"], 5072);
  EXPECT_EQ(job["error"]["win32"]["name"], "ERROR_CLUSTER_NODE_NOT_READY");
  auto detail = job["error"]["detail"].get<std::string>();
  EXPECT_NE(detail.find("Failover-Clustering"), std::string::npos) << detail;
  EXPECT_NE(detail.find("EX-NODE2"), std::string::npos) << detail;
  EXPECT_EQ(client.get("/v1/clusters/EXCLUSTER").status, 404);
}

TEST(CreateCluster, ATransientBackendErrorIsRetriedAndTheJobSucceeds) {
  TempDir dir;
  auto lab = nlohmann::json::parse(std::ifstream(labPath("exchange-ccr-lab.json")));
  lab["faults"] =
      nlohmann::json::parse(R"([{"operation":"createCluster","target":"EXCLUSTER","win32":1722,"times":2}])");
  std::ofstream(dir.file("lab.json")) << lab.dump();
  ServiceProcess service(dir.path(), {"--lab", dir.file("lab.json"), "--sim-delay-ms", "0"});
  service.start();
  auto client = service.client();
  auto id = client.put("/v1/clusters/EXCLUSTER", runbookClusterBody()).json()["id"].get<std::string>();
  auto job = waitForFinish(client, id);
  ASSERT_EQ(job["status"], "succeeded") << job.dump(2);
  int retries = 0;
  auto events = client.get("/v1/jobs/" + id + "/events").json();
  for (const auto& e : events["items"]) {
    if (e["level"] == "warning" &&
        e["message"].get<std::string>().find("RPC_S_SERVER_UNAVAILABLE") != std::string::npos) {
      ++retries;
    }
  }
  EXPECT_EQ(retries, 2);
  EXPECT_EQ(service.changeCount("createCluster"), 1);
}

TEST(Clusters, OneUnreadableClusterDoesNotHideTheOthers) {
  TempDir dir;
  auto lab = nlohmann::json::parse(std::ifstream(labPath("exchange-ccr-lab-witness-not-writable.json")));
  auto other = lab["clusters"][0];
  other["name"] = "OTHERCLUSTER";
  other["computerAccount"] = "CONTOSO\\OTHERCLUSTER$";
  lab["clusters"].push_back(other);
  lab["faults"] =
      nlohmann::json::parse(R"([{"operation":"findCluster","target":"EXCLUSTER","win32":1722,"times":"always"}])");
  std::ofstream(dir.file("lab.json")) << lab.dump();
  ServiceProcess service(dir.path(), {"--lab", dir.file("lab.json"), "--sim-delay-ms", "0"});
  service.start();
  auto list = service.client().get("/v1/clusters");
  ASSERT_EQ(list.status, 200) << list.body;
  auto body = list.json();
  ASSERT_EQ(body["items"].size(), 1u);
  EXPECT_EQ(body["items"][0]["name"], "OTHERCLUSTER");
  ASSERT_EQ(body["unreachable"].size(), 1u);
  EXPECT_EQ(body["unreachable"][0]["name"], "EXCLUSTER");
  EXPECT_EQ(body["unreachable"][0]["win32"]["code"], 1722);
  EXPECT_EQ(body["unreachable"][0]["win32"]["transient"], true);
  // Asked for by name, the same cluster is a 503 the client may retry.
  auto one = service.client().get("/v1/clusters/EXCLUSTER");
  EXPECT_EQ(one.status, 503);
  EXPECT_EQ(one.header("retry-after"), "5");
}

TEST(CreateCluster, ACanceledJobStopsAtASafePointWithoutTheCluster) {
  TempDir dir;
  ServiceProcess service(dir.path(), {"--sim-delay-ms", "4000"});
  service.start();
  auto client = service.client();
  auto id = createClusterAndWaitUntilItRuns(client);
  auto cancel = client.post("/v1/jobs/" + id + "/cancel");
  EXPECT_EQ(cancel.status, 202) << cancel.body;
  EXPECT_EQ(cancel.json()["cancelRequested"], true);
  auto job = waitForFinish(client, id, std::chrono::seconds(10));
  EXPECT_EQ(job["status"], "canceled");
  EXPECT_EQ(client.get("/v1/clusters/EXCLUSTER").status, 404);
  EXPECT_EQ(client.post("/v1/jobs/" + id + "/cancel").status, 409);
}

TEST(CreateCluster, ARetryWithTheSameIdempotencyKeyGetsTheSameJob) {
  TempDir dir;
  ServiceProcess service(dir.path(), {"--sim-delay-ms", "0"});
  service.start();
  auto client = service.client();
  std::map<std::string, std::string> headers = {{"Content-Type", "application/json"},
                                                {"Idempotency-Key", "portal-7f3a"}};
  auto first = client.request("PUT", "/v1/clusters/EXCLUSTER", runbookClusterBody(), headers);
  ASSERT_EQ(first.status, 202) << first.body;
  auto retry = client.request("PUT", "/v1/clusters/EXCLUSTER", runbookClusterBody(), headers);
  EXPECT_EQ(retry.status, 202);
  EXPECT_EQ(retry.json()["id"], first.json()["id"]);
  EXPECT_EQ(retry.header("idempotent-replayed"), "true");
  auto other = client.request("PUT", "/v1/clusters/EXCLUSTER",
                              R"({"nodes":["EX-NODE1"],"staticAddresses":[{"address":"10.0.0.50","prefixLength":24}]})",
                              headers);
  EXPECT_EQ(other.status, 422);
  EXPECT_EQ(other.json()["errors"][0]["parameter"], "Idempotency-Key");
  EXPECT_EQ(client.get("/v1/jobs").json()["items"].size(), 1u);
  auto metrics = client.get("/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find(
                "clusterforge_http_requests_total{method=\"PUT\",route=\"/v1/clusters/{name}\",code=\"422\"} 1"),
            std::string::npos)
      << metrics.body;
}

TEST(CommandLine, BadFlagsExitNonZeroWithAMessage) {
  auto bad = runClusterforge({"run", "--workers", "zero"});
  EXPECT_EQ(bad.exitCode, 2);
  EXPECT_NE(bad.output.find("--workers"), std::string::npos) << bad.output;
  auto unknown = runClusterforge({"run", "--colour", "blue"});
  EXPECT_EQ(unknown.exitCode, 2);
  EXPECT_NE(unknown.output.find("unknown flag --colour"), std::string::npos);
  auto version = runClusterforge({"--version"});
  EXPECT_EQ(version.exitCode, 0);
  EXPECT_EQ(version.output.rfind("clusterforge ", 0), 0u);
  TempDir dir;
  std::ofstream(dir.file("lab.json")) << "{\"domain\": 1}";
  auto badLab = runClusterforge({"run", "--data-dir", dir.path(), "--lab", dir.file("lab.json"), "--listen",
                                 "http://127.0.0.1:" + std::to_string(freeLoopbackPort())});
  EXPECT_EQ(badLab.exitCode, 1);
  EXPECT_NE(badLab.output.find("lab file"), std::string::npos) << badLab.output;
}

}  // namespace
}  // namespace cf::test

namespace cf::test {
namespace {

// /metrics in Prometheus' own terms: promtool accepts it, and the job,
// step, HTTP and process series move when a job runs and fails.
class MetricsTest : public ServiceTest {};

TEST_F(MetricsTest, PromtoolAcceptsThemAndJobCountersMove) {
  start();
  auto client = service->client();
  auto ok = client.put("/v1/clusters/EXCLUSTER", runbookClusterBody());
  ASSERT_EQ(ok.status, 202);
  waitForFinish(client, ok.json()["id"]);
  // A job that fails: EX-HUB1 has no Failover Clustering.
  auto bad = client.put("/v1/clusters/OTHER",
                        R"({"nodes":["EX-HUB1"],"staticAddresses":[{"address":"10.0.0.60","prefixLength":24}]})");
  ASSERT_EQ(bad.status, 202);
  waitForFinish(client, bad.json()["id"]);

  // A job's counters are recorded right after its last state is committed,
  // so a poll that sees the job end may be a moment ahead of them.
  HttpResponse metrics;
  for (int i = 0; i < 100; ++i) {
    metrics = client.get("/metrics");
    if (metrics.body.find("clusterforge_job_duration_seconds_count{kind=\"cluster.create\"} 2") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(metrics.status, 200);
  const std::string& text = metrics.body;
  for (const char* series :
       {"clusterforge_jobs_total{kind=\"cluster.create\",status=\"succeeded\"} 1",
        "clusterforge_jobs_total{kind=\"cluster.create\",status=\"failed\"} 1",
        "clusterforge_job_failures_total{kind=\"cluster.create\",code=\"ERROR_CLUSTER_NODE_NOT_READY\"} 1",
        "clusterforge_job_duration_seconds_count{kind=\"cluster.create\"} 2",
        "clusterforge_step_duration_seconds_count{kind=\"cluster.create\",step=\"createCluster\"} 1",
        "clusterforge_backend_errors_total{win32=\"ERROR_CLUSTER_NODE_NOT_READY\"} 1",
        "clusterforge_job_queue_wait_seconds_count 2", "clusterforge_oldest_queued_job_age_seconds 0",
        "clusterforge_http_request_duration_seconds_bucket{route=\"/v1/clusters/{name}\",le=\"+Inf\"} 2",
        "process_cpu_seconds_total ", "process_resident_memory_bytes ", "process_open_fds ",
        "process_start_time_seconds "}) {
    EXPECT_NE(text.find(series), std::string::npos) << series << "\n" << text;
  }
  std::ofstream(dir.file("metrics.txt")) << text;
  auto check = runShell("promtool check metrics < " + dir.file("metrics.txt") + " 2>&1");
  EXPECT_EQ(check.exitCode, 0) << check.output;
  EXPECT_EQ(check.output, "") << check.output;

  // The shipped Grafana dashboard draws only series the service exports.
  std::ifstream file(std::string(CLUSTERFORGE_SOURCE_DIR) + "/deploy/grafana/clusterforge-dashboard.json");
  auto dashboard = nlohmann::json::parse(file);
  std::regex metricName(R"(\b((clusterforge|process)_[a-z_]+?)(_bucket|_count|_sum)?\b)");
  std::set<std::string> drawn;
  for (const auto& panel : dashboard["panels"]) {
    for (const auto& target : panel["targets"]) {
      std::string expr = target["expr"];
      for (std::sregex_iterator m(expr.begin(), expr.end(), metricName), end; m != end; ++m) drawn.insert((*m)[1]);
    }
  }
  EXPECT_GE(drawn.size(), 15u);
  for (const auto& name : drawn) {
    EXPECT_NE(text.find("# TYPE " + name + " "), std::string::npos) << "the dashboard draws " << name;
  }
}

}  // namespace
}  // namespace cf::test
