// A cluster's whole life over HTTP, on labs the reference runbook never
// shows: a two-site cluster with an address per site, grown from three nodes
// to four and shrunk back, destroyed and its name used again; a dry run of
// each that the simulator's change counters prove changed nothing; a NIC
// added after creation.
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "tests/integration/job_polling.h"
#include "tests/integration/service_test.h"
#include "tests/support/test_lab.h"

namespace cf::test {
namespace {

using nlohmann::json;

json multiSiteBody(std::vector<std::string> nodes = {"SQL-A1", "SQL-A2", "SQL-B1"}) {
  return {{"nodes", nodes},
          {"staticAddresses",
           {{{"address", "10.0.0.50"}, {"prefixLength", 24}}, {{"address", "10.1.0.50"}, {"prefixLength", 24}}}},
          {"properties", {{"crossSubnetDelay", 2000}, {"crossSubnetThreshold", 20}}}};
}

json wholeMultiSiteBody() {
  json body = multiSiteBody();
  body["validateBefore"] = json::object();
  body["networks"] = json::parse(R"([
    {"match": {"subnet": "10.0.0.0/24"}, "name": "Site A Public", "role": "clusterAndClient"},
    {"match": {"subnet": "10.1.0.0/24"}, "name": "Site B Public", "role": "clusterAndClient"},
    {"match": {"subnet": "172.16.0.0/24"}, "name": "Site A Heartbeat", "role": "clusterOnly"},
    {"match": {"subnet": "172.16.1.0/24"}, "name": "Site B Heartbeat", "role": "clusterOnly"}])");
  body["quorum"] = json::parse(R"({"mode": "nodeAndFileShareMajority",
      "fileShareWitness": {"path": "\\\\FS1\\SQLWITNESS", "prepare": {"localPath": "C:\\SQLWITNESS"}}})");
  body["validateAfter"] = json::object();
  return body;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class ClusterLifecycleTest : public ServiceTest {
 protected:
  void SetUp() override { start({"--lab", labPath("multi-site-lab.json")}); }

  json run(HttpResponse accepted) {
    EXPECT_EQ(accepted.status, 202) << accepted.body;
    if (accepted.status != 202) return json::object();
    return waitForFinish(service->client(), accepted.json()["id"]);
  }
  json put(const std::string& path, const json& body, const std::string& query = "") {
    return run(service->client().put(path + query, body.dump()));
  }
  // DELETE with the If-Match a careful client sends: the ETag of its last GET.
  HttpResponse remove(const std::string& path, const std::string& query = "") {
    auto client = service->client();
    auto current = client.get(path);
    EXPECT_EQ(current.status, 200) << current.body;
    return client.request("DELETE", path + query, "", {{"If-Match", current.header("etag")}});
  }
  json counters() { return json::parse(readFile(service->labStateFile()))["changeCounters"]; }
  json cluster(const std::string& name = "SQLCLUSTER") { return service->client().get("/v1/clusters/" + name).json(); }
};

TEST_F(ClusterLifecycleTest, ATwoSiteClusterIsBuiltValidatedAndSetPerSubnet) {
  auto job = put("/v1/clusters/SQLCLUSTER", wholeMultiSiteBody());
  ASSERT_EQ(job["status"], "succeeded") << job.dump(2);
  EXPECT_EQ(job["result"]["changed"], true);
  for (const char* v : {"validateBefore", "validateAfter"}) {
    std::string verdict = job["result"][v]["verdict"];
    EXPECT_TRUE(verdict == "suitable" || verdict == "suitableWithWarnings") << v << ": " << job["result"][v].dump(2);
  }
  auto c = cluster();
  EXPECT_EQ(c["nameDependency"], "([Cluster IP Address] or [Cluster IP Address 10.1.0.50])");
  EXPECT_EQ(c["properties"]["crossSubnetThreshold"], 20);
  EXPECT_EQ(c["properties"]["crossSubnetDelay"], 2000);
  std::map<std::string, std::pair<std::string, size_t>> networks;
  for (const auto& n : c["networks"]) networks[n["name"]] = {n["role"], n["interfaces"].size()};
  EXPECT_EQ(networks["Site A Public"], std::make_pair(std::string("clusterAndClient"), size_t{2}));
  EXPECT_EQ(networks["Site B Public"], std::make_pair(std::string("clusterAndClient"), size_t{1}));
  EXPECT_EQ(networks["Site A Heartbeat"], std::make_pair(std::string("clusterOnly"), size_t{2}));
  EXPECT_EQ(networks["Site B Heartbeat"], std::make_pair(std::string("clusterOnly"), size_t{1}));

  // The same body again: converged, nothing changes, and a dry run says so.
  auto before = counters();
  auto plan = service->client().put("/v1/clusters/SQLCLUSTER?dryRun=true", wholeMultiSiteBody().dump());
  ASSERT_EQ(plan.status, 200) << plan.body;
  EXPECT_EQ(plan.json()["changes"], json::array());
  EXPECT_EQ(plan.json()["refusal"], nullptr);
  EXPECT_EQ(put("/v1/clusters/SQLCLUSTER", wholeMultiSiteBody())["result"]["changed"], false);
  EXPECT_EQ(counters(), before);
}

TEST_F(ClusterLifecycleTest, ADryRunListsTheChangesInOrderAndChangesNothing) {
  auto before = counters();
  auto plan = service->client().put("/v1/clusters/SQLCLUSTER?dryRun=true", wholeMultiSiteBody().dump());
  ASSERT_EQ(plan.status, 200) << plan.body;
  json body = plan.json();
  EXPECT_EQ(body["kind"], "cluster.apply");
  EXPECT_EQ(body["refusal"], nullptr) << body.dump(2);
  std::vector<std::string> actions;
  for (const auto& c : body["changes"]) actions.push_back(c["action"]);
  ASSERT_FALSE(actions.empty());
  EXPECT_EQ(actions.front(), "createCluster");
  EXPECT_EQ(actions.back(), "setQuorum");
  auto has = [&](const std::string& a) { return std::count(actions.begin(), actions.end(), a); };
  EXPECT_EQ(has("setClusterProperties"), 1);
  EXPECT_EQ(has("renameClusterNetwork"), 4);  // against the networks the new cluster would have
  EXPECT_EQ(has("createFolder"), 1);
  EXPECT_EQ(has("createShare"), 1);
  for (const auto& c : body["changes"]) {
    if (c["action"] == "setQuorum") {
      EXPECT_EQ(c["to"]["mode"], "nodeAndFileShareMajority");
    }
  }
  EXPECT_EQ(counters(), before);
  EXPECT_EQ(service->client().get("/v1/clusters/SQLCLUSTER").status, 404);
  EXPECT_EQ(service->client().get("/v1/jobs").json()["items"].size(), 0u);

  // A dry run that would fail says where, and still changes nothing.
  json bad = multiSiteBody({"SQL-A1", "DC1"});
  auto refused = service->client().put("/v1/clusters/SQLCLUSTER?dryRun=true", bad.dump());
  ASSERT_EQ(refused.status, 200) << refused.body;
  EXPECT_EQ(refused.json()["refusal"]["step"], "checkNodes") << refused.body;
  EXPECT_EQ(refused.json()["refusal"]["win32"]["name"], "ERROR_CLUSTER_NODE_NOT_READY");
  EXPECT_EQ(counters(), before);
}

TEST_F(ClusterLifecycleTest, GrowsFromThreeNodesToFourAndShrinksBack) {
  ASSERT_EQ(put("/v1/clusters/SQLCLUSTER", multiSiteBody())["status"], "succeeded");

  auto plan = service->client().put("/v1/clusters/SQLCLUSTER?dryRun=true",
                                    multiSiteBody({"SQL-A1", "SQL-A2", "SQL-B1", "SQL-B2"}).dump());
  ASSERT_EQ(plan.status, 200) << plan.body;
  ASSERT_EQ(plan.json()["changes"].size(), 1u) << plan.body;
  EXPECT_EQ(plan.json()["changes"][0]["action"], "addClusterNode");
  EXPECT_EQ(plan.json()["changes"][0]["to"], "SQL-B2");
  EXPECT_EQ(counters().value("addClusterNode", 0), 0);

  auto grown = put("/v1/clusters/SQLCLUSTER", multiSiteBody({"SQL-A1", "SQL-A2", "SQL-B1", "SQL-B2"}));
  ASSERT_EQ(grown["status"], "succeeded") << grown.dump(2);
  EXPECT_EQ(grown["result"]["changed"], true);
  json four = cluster();
  EXPECT_EQ(four["nodes"].size(), 4u);
  for (const auto& n : four["networks"]) {
    if (n["subnet"] == "172.16.1.0/24") {
      EXPECT_EQ(n["interfaces"].size(), 2u);
    }
  }

  // Leaving a node out of a PUT does not evict it: the answer names the DELETE.
  auto shrinkByPut = service->client().put("/v1/clusters/SQLCLUSTER", multiSiteBody().dump());
  EXPECT_EQ(shrinkByPut.status, 409);
  EXPECT_NE(shrinkByPut.json()["detail"].get<std::string>().find("DELETE /v1/clusters/SQLCLUSTER/nodes/SQL-B2"),
            std::string::npos);

  // Evicting: If-Match is required and must be current.
  const std::string node = "/v1/clusters/SQLCLUSTER/nodes/SQL-B2";
  EXPECT_EQ(service->client().request("DELETE", node, "", {}).status, 428);
  EXPECT_EQ(service->client().request("DELETE", node, "", {{"If-Match", "\"stale\""}}).status, 412);
  auto dry = remove(node, "?dryRun=true");
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(dry.json()["changes"][0]["action"], "evictClusterNode");
  EXPECT_EQ(counters().value("evictClusterNode", 0), 0);
  auto evicted = run(remove(node));
  ASSERT_EQ(evicted["status"], "succeeded") << evicted.dump(2);
  EXPECT_EQ(evicted["kind"], "cluster.evictNode");
  EXPECT_EQ(cluster()["nodes"].size(), 3u);
  EXPECT_EQ(service->client().get(node).status, 404);
  EXPECT_EQ(counters()["evictClusterNode"], 1);
}

TEST_F(ClusterLifecycleTest, EvictionThatWouldLoseQuorumOrEmptyTheClusterIsRefusedUpFront) {
  ASSERT_EQ(put("/v1/clusters/SMALL",
                json{{"nodes", {"SQL-B1"}},
                     {"staticAddresses", {{{"address", "10.1.0.60"}, {"prefixLength", 24}}}}})["status"],
            "succeeded");
  auto last = remove("/v1/clusters/SMALL/nodes/SQL-B1");
  EXPECT_EQ(last.status, 409) << last.body;
  EXPECT_EQ(last.json()["code"], "evictionRefused");
  auto notANode = service->client().request("DELETE", "/v1/clusters/SMALL/nodes/SQL-A1", "", {{"If-Match", "*"}});
  EXPECT_EQ(notANode.status, 404);
  EXPECT_EQ(counters().value("evictClusterNode", 0), 0);
}

TEST_F(ClusterLifecycleTest, ADestroyedClusterFreesItsNodesAndItsNameAndRemovesOnlyItsOwnShare) {
  auto made = put("/v1/clusters/SQLCLUSTER", wholeMultiSiteBody());
  ASSERT_EQ(made["status"], "succeeded") << made.dump(2);

  auto dry = remove("/v1/clusters/SQLCLUSTER", "?dryRun=true&deleteComputerAccount=true&removeWitnessShare=true");
  ASSERT_EQ(dry.status, 200) << dry.body;
  json plan = dry.json();
  std::vector<std::string> actions;
  for (const auto& c : plan["changes"]) actions.push_back(c["action"]);
  EXPECT_EQ(actions,
            (std::vector<std::string>{"destroyCluster", "deleteComputerObject", "deleteShare", "deleteFolder"}))
      << dry.body;
  EXPECT_EQ(counters().value("destroyCluster", 0), 0);

  EXPECT_EQ(service->client().request("DELETE", "/v1/clusters/SQLCLUSTER", "", {}).status, 428);
  auto destroyed = run(remove("/v1/clusters/SQLCLUSTER", "?deleteComputerAccount=true&removeWitnessShare=true"));
  ASSERT_EQ(destroyed["status"], "succeeded") << destroyed.dump(2);
  EXPECT_EQ(destroyed["kind"], "cluster.destroy");
  EXPECT_EQ(service->client().get("/v1/clusters/SQLCLUSTER").status, 404);
  json lab = json::parse(readFile(service->labStateFile()));
  EXPECT_EQ(lab["disabledComputerObjects"], json::array());
  for (const auto& s : lab["servers"]) {
    if (s["name"] == "FS1") {
      EXPECT_EQ(s["shares"], json::array());
      EXPECT_EQ(s["folders"], json::array());
    }
  }

  // The name and the nodes are free again.
  auto again = put("/v1/clusters/SQLCLUSTER", multiSiteBody());
  EXPECT_EQ(again["status"], "succeeded") << again.dump(2);
  EXPECT_EQ(counters()["createCluster"], 2);
}

TEST_F(ClusterLifecycleTest, AShareClusterForgeDidNotMakeIsLeftInPlace) {
  json body = multiSiteBody();
  ASSERT_EQ(put("/v1/clusters/SQLCLUSTER", body)["status"], "succeeded");
  // The witness share exists already, made by someone else: the quorum job
  // checks it and uses it, without marking it.
  json lab = json::parse(readFile(service->labStateFile()));
  ASSERT_TRUE(service->terminate() == 0);
  for (auto& s : lab["servers"]) {
    if (s["name"] != "FS1") continue;
    s["folders"] =
        json::parse(R"([{"path": "C:\\W", "acl": [{"account": "FABRIKAM\\SQLCLUSTER$", "access": "fullControl"}]}])");
    s["shares"] = json::parse(R"([{"name": "W", "path": "C:\\W", "remark": "made by hand",
        "permissions": [{"account": "FABRIKAM\\SQLCLUSTER$", "access": "fullControl"}]}])");
  }
  std::ofstream(service->labStateFile()) << lab.dump(2);
  service->start();
  ASSERT_EQ(
      put("/v1/clusters/SQLCLUSTER/quorum",
          json::parse(R"({"mode": "nodeAndFileShareMajority", "fileShareWitness": {"path": "\\\\FS1\\W"}})"))["status"],
      "succeeded");
  auto destroyed = run(remove("/v1/clusters/SQLCLUSTER", "?removeWitnessShare=true"));
  ASSERT_EQ(destroyed["status"], "succeeded") << destroyed.dump(2);
  lab = json::parse(readFile(service->labStateFile()));
  for (const auto& s : lab["servers"]) {
    if (s["name"] == "FS1") {
      EXPECT_EQ(s["shares"].size(), 1u);
    }
  }
  EXPECT_EQ(lab["disabledComputerObjects"], json::array({"SQLCLUSTER"}));
}

TEST_F(ClusterLifecycleTest, ANicAddedAfterCreationShowsUpAsANetwork) {
  ASSERT_EQ(put("/v1/clusters/SQLCLUSTER", multiSiteBody())["status"], "succeeded");
  json lab = json::parse(readFile(service->labStateFile()));
  ASSERT_TRUE(service->terminate() == 0);
  for (auto& s : lab["servers"]) {
    if (s["name"] != "SQL-A1") continue;
    s["adapters"].push_back(
        json::parse(R"({"name": "Backup", "address": "192.168.50.11", "prefixLength": 24, "dhcp": false})"));
  }
  std::ofstream(service->labStateFile()) << lab.dump(2);
  service->start();
  auto c = cluster();
  ASSERT_EQ(c["networks"].size(), 5u) << c.dump(2);
  bool found = false;
  for (const auto& n : c["networks"]) found = found || (n["subnet"] == "192.168.50.0/24" && n["role"] == "clusterOnly");
  EXPECT_TRUE(found);
}

TEST_F(ClusterLifecycleTest, UnknownQueryParametersAreRefusedByName) {
  auto r = service->client().put("/v1/clusters/SQLCLUSTER?dryrun=true", multiSiteBody().dump());
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json()["errors"][0]["parameter"], "dryrun");
  EXPECT_EQ(service->client().get("/v1/clusters?verbose=1").status, 400);
  EXPECT_EQ(service->client().put("/v1/clusters/SQLCLUSTER?dryRun=maybe", multiSiteBody().dump()).status, 400);
  EXPECT_EQ(counters().value("createCluster", 0), 0);
  EXPECT_EQ(service->client().get("/v1/jobs").json()["items"].size(), 0u);
}

TEST_F(ClusterLifecycleTest, HeartbeatSettingsOutsideWindowsRangesAreRefused) {
  json body = multiSiteBody();
  body["properties"] = {{"sameSubnetDelay", 5000}, {"crossSubnetThreshold", 2}, {"heartbeat", 1}};
  auto r = service->client().put("/v1/clusters/SQLCLUSTER", body.dump());
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["errors"].size(), 3u) << r.body;
}

TEST_F(ClusterLifecycleTest, ConditionalGetsOfAClusterAnswer304) {
  ASSERT_EQ(put("/v1/clusters/SQLCLUSTER", multiSiteBody())["status"], "succeeded");
  auto first = service->client().get("/v1/clusters/SQLCLUSTER");
  std::string tag = first.header("etag");
  ASSERT_FALSE(tag.empty());
  EXPECT_EQ(service->client().get("/v1/clusters/SQLCLUSTER", {{"If-None-Match", "\"x\", " + tag}}).status, 304);
  EXPECT_EQ(service->client().get("/v1/clusters/SQLCLUSTER", {{"If-None-Match", "W/" + tag}}).status, 304);
  EXPECT_EQ(service->client().get("/v1/clusters/SQLCLUSTER", {{"If-None-Match", "*"}}).status, 304);
  EXPECT_EQ(service->client().get("/v1/clusters/SQLCLUSTER", {{"If-None-Match", "\"x\""}}).status, 200);
}

}  // namespace
}  // namespace cf::test

namespace cf::test {
namespace {

// Dry runs of the runbook's other requests on the reference lab: each names
// what it would change and the lab's change counters do not move.
class DryRunTest : public ServiceTest {
 protected:
  void SetUp() override { start(); }
  json counters() { return json::parse(readFile(service->labStateFile()))["changeCounters"]; }
  json dryRun(const std::string& method, const std::string& path, const json& body,
              std::map<std::string, std::string> headers = {}) {
    headers["Content-Type"] = "application/json";
    auto r = service->client().request(method, path + "?dryRun=true", body.dump(), headers);
    EXPECT_EQ(r.status, 200) << method << " " << path << ": " << r.body;
    return r.status == 200 ? r.json() : json::object();
  }
};

TEST_F(DryRunTest, EveryRequestThatStartsAJobCanBeTriedFirst) {
  json runbook = wholeRunbookRequest();
  auto prepare = dryRun("POST", "/v1/node-preparations",
                        json{{"nodes", {"EX-HUB1"}}, {"features", {"Failover-Clustering"}}, {"restart", true}});
  ASSERT_FALSE(prepare["changes"].empty()) << prepare.dump(2);
  EXPECT_EQ(prepare["changes"][0]["action"], "installFeatures");
  EXPECT_EQ(prepare["refusal"], nullptr);

  auto validation = dryRun("POST", "/v1/validations", json{{"nodes", {"EX-NODE1", "EX-NODE2"}}});
  EXPECT_EQ(validation["changes"], json::array());  // validation changes nothing

  // Networks and quorum on a cluster that does not exist: the refusal, as the request would get it.
  auto networks = dryRun("PUT", "/v1/clusters/EXCLUSTER/networks", json{{"networks", runbook["networks"]}});
  EXPECT_EQ(networks["refusal"]["status"], 404) << networks.dump(2);
  EXPECT_EQ(counters(), json::object());

  ASSERT_EQ(service->client().put("/v1/clusters/EXCLUSTER", runbookClusterBody()).status, 202);
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (service->client().get("/v1/clusters/EXCLUSTER").status != 200 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  json before = counters();
  networks = dryRun("PUT", "/v1/clusters/EXCLUSTER/networks", json{{"networks", runbook["networks"]}});
  EXPECT_EQ(networks["kind"], "cluster.configureNetworks");
  EXPECT_FALSE(networks["changes"].empty()) << networks.dump(2);
  auto quorum = dryRun("PUT", "/v1/clusters/EXCLUSTER/quorum", runbook["quorum"]);
  std::vector<std::string> actions;
  for (const auto& c : quorum["changes"]) actions.push_back(c["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"createFolder", "createShare", "setFolderAcl", "setQuorum"}))
      << quorum.dump(2);
  EXPECT_EQ(counters(), before);

  // A dry run under an Idempotency-Key is not kept: the real request with the key starts the job.
  dryRun("PUT", "/v1/clusters/EXCLUSTER/networks", json{{"networks", runbook["networks"]}},
         {{"Idempotency-Key", "portal-dry-1"}});
  auto real = service->client().request("PUT", "/v1/clusters/EXCLUSTER/networks",
                                        json{{"networks", runbook["networks"]}}.dump(),
                                        {{"Content-Type", "application/json"}, {"Idempotency-Key", "portal-dry-1"}});
  EXPECT_EQ(real.status, 202) << real.body;
}

}  // namespace
}  // namespace cf::test

namespace cf::test {
namespace {

// RFC 9110 conditional requests on every GET resource, and absolute
// Location URLs from --public-url or a plain Host (never an odd one).
class RepresentationTest : public ServiceTest {};

TEST_F(RepresentationTest, EveryGetResourceHasAnETagAndAnswersIfNoneMatch) {
  start();
  ASSERT_EQ(service->client().put("/v1/clusters/EXCLUSTER", runbookClusterBody()).status, 202);
  for (const char* path : {"/v1/jobs", "/v1/clusters", "/v1/features", "/v1/validations/tests", "/openapi.yaml"}) {
    auto first = service->client().get(path);
    ASSERT_EQ(first.status, 200) << path;
    std::string tag = first.header("etag");
    if (std::string(path) == "/openapi.yaml") {
      EXPECT_TRUE(tag.empty()) << "YAML is not a JSON or HTML representation";
      continue;
    }
    ASSERT_FALSE(tag.empty()) << path;
    auto again = service->client().get(path, {{"If-None-Match", "W/\"other\", W/" + tag}});
    if (again.status == 200) {
      // A list can change between two reads (the job moves on): then its tag did too.
      EXPECT_NE(again.header("etag"), tag) << path;
    } else {
      EXPECT_EQ(again.status, 304) << path;
      EXPECT_EQ(again.body, "") << path;
      EXPECT_EQ(again.header("etag"), tag) << path;
    }
  }
  EXPECT_EQ(service->client().get("/v1/features", {{"If-None-Match", "*"}}).status, 304);
}

TEST_F(RepresentationTest, LocationsAreAbsoluteFromThePublicUrlOrAPlainHost) {
  start({"--public-url", "https://clusterforge.contoso.local:8443/"});
  auto accepted = service->client().put("/v1/clusters/EXCLUSTER", runbookClusterBody());
  ASSERT_EQ(accepted.status, 202);
  std::string id = accepted.json()["id"];
  EXPECT_EQ(accepted.header("location"), "https://clusterforge.contoso.local:8443/v1/jobs/" + id);
  EXPECT_EQ(accepted.header("operation-location"), "https://clusterforge.contoso.local:8443/v1/jobs/" + id);
}

TEST_F(RepresentationTest, AHostThatIsNotAPlainHostIsNeverEchoed) {
  start();
  std::string body = runbookClusterBody();
  auto r = service->client().raw(
      "PUT /v1/clusters/EXCLUSTER HTTP/1.1\r\nHost: evil.example/\"<x>\r\nAuthorization: Bearer " +
      service->adminToken() + "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\nConnection: close\r\n\r\n" + body);
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(r.header("location").rfind("/v1/jobs/", 0), 0u) << r.header("location");
}

TEST(PublicUrlOption, IsCheckedAtStart) {
  TempDir dir;
  auto result = runClusterforge({"run", "--data-dir", dir.path(), "--public-url", "ftp://x"});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_NE(result.output.find("--public-url must be http:// or https://"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace cf::test
