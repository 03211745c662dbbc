// Runbook steps 2-4 over HTTP on the reference lab: create the cluster, set
// the Public and Private networks, configure Node and File Share Majority with
// a witness share ClusterForge prepares itself. Then the ways it can go wrong.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/integration/job_polling.h"
#include "tests/integration/service_process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_lab.h"

namespace cf::test {
namespace {

using nlohmann::json;

const std::string kNetworks = json{{"networks", wholeRunbookRequest()["networks"]}}.dump();
const std::string kQuorum = wholeRunbookRequest()["quorum"].dump();
const char* kCloudKey = "Q2xvdWRXaXRuZXNzU2VjcmV0S2V5MTIzNDU2Nzg5MA==";

json putAndWait(HttpClient client, const std::string& path, const std::string& body) {
  auto accepted = client.put(path, body);
  EXPECT_EQ(accepted.status, 202) << path << ": " << accepted.body;
  if (accepted.status != 202) return json::object();
  return waitForFinish(client, accepted.json()["id"]);
}

// Runbook steps 2 and 4 on the service's lab; returns the quorum job.
json createThenConfigureQuorum(HttpClient client) {
  putAndWait(client, "/v1/clusters/EXCLUSTER", runbookClusterBody());
  return putAndWait(client, "/v1/clusters/EXCLUSTER/quorum", kQuorum);
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

json labState(const ServiceProcess& service) { return json::parse(readFile(service.labStateFile())); }

json server(const json& lab, const std::string& name) {
  for (const auto& s : lab["servers"]) {
    if (s["name"] == name) return s;
  }
  return json();
}

// A copy of the reference lab changed by `edit`, written into `dir`.
std::string editedLab(const TempDir& dir, const std::function<void(json&)>& edit) {
  json lab = json::parse(readFile(labPath("exchange-ccr-lab.json")));
  edit(lab);
  std::ofstream(dir.file("lab.json")) << lab.dump(2);
  return dir.file("lab.json");
}

// A lab edit that gives EX-HUB1 these folders and shares (JSON text).
std::function<void(json&)> hubWith(const std::string& folders, const std::string& shares) {
  return [=](json& lab) {
    for (auto& s : lab["servers"]) {
      if (s["name"] != "EX-HUB1") continue;
      s["folders"] = json::parse(folders);
      s["shares"] = json::parse(shares);
    }
  };
}

void modernOs(json& lab) {
  for (auto& s : lab["servers"]) s["os"]["version"] = "10.0.17763";
}

TEST(Runbook, StepsTwoToFourReachTheRunbooksStateAndRepeatingChangesNothing) {
  TempDir dir;
  ServiceProcess service(dir.path(), {"--sim-delay-ms", "0"});
  service.start();
  auto client = service.client();

  ASSERT_EQ(putAndWait(client, "/v1/clusters/EXCLUSTER", runbookClusterBody())["status"], "succeeded");
  auto networks = putAndWait(client, "/v1/clusters/EXCLUSTER/networks", kNetworks);
  ASSERT_EQ(networks["status"], "succeeded") << networks.dump(2);
  EXPECT_EQ(networks["kind"], "cluster.configureNetworks");
  EXPECT_EQ(networks["result"]["changed"], true);
  auto quorum = putAndWait(client, "/v1/clusters/EXCLUSTER/quorum", kQuorum);
  ASSERT_EQ(quorum["status"], "succeeded") << quorum.dump(2);
  std::vector<std::string> steps;
  for (const auto& s : quorum["progress"]["steps"]) steps.push_back(s["name"]);
  EXPECT_EQ(steps, (std::vector<std::string>{"checkCluster", "createWitnessFolder", "shareWitnessFolder",
                                             "grantFolderAccess", "checkWitnessAccess", "setQuorum", "verifyQuorum"}));

  // The observed state is exactly the runbook's.
  auto nets = client.get("/v1/clusters/EXCLUSTER/networks").json()["items"];
  ASSERT_EQ(nets.size(), 2u);
  EXPECT_EQ(nets[0]["name"], "Public");
  EXPECT_EQ(nets[0]["subnet"], "10.0.0.0/24");
  EXPECT_EQ(nets[0]["role"], "clusterAndClient");
  EXPECT_EQ(nets[1]["name"], "Private");
  EXPECT_EQ(nets[1]["role"], "clusterOnly");
  EXPECT_EQ(nets[1]["interfaces"].size(), 2u);
  auto q = client.get("/v1/clusters/EXCLUSTER/quorum").json();
  EXPECT_EQ(q["mode"], "nodeAndFileShareMajority");
  EXPECT_EQ(q["witness"], json::parse(R"({"type":"fileShare","resource":"\\\\EX-HUB1\\FSM_MBX","online":true})"));
  EXPECT_EQ(q["computerAccount"], "CONTOSO\\EXCLUSTER$");

  auto hub = server(labState(service), "EX-HUB1");
  ASSERT_EQ(hub["shares"].size(), 1u);
  EXPECT_EQ(hub["shares"][0]["name"], "FSM_MBX");
  EXPECT_EQ(hub["shares"][0]["path"], "C:\\FSM_MBX");
  // Only the cluster's computer account has access to the share.
  EXPECT_EQ(hub["shares"][0]["permissions"],
            json::parse(R"([{"account":"CONTOSO\\EXCLUSTER$","access":"fullControl"}])"));
  bool ntfsGranted = false;
  for (const auto& e : hub["folders"][0]["acl"]) {
    ntfsGranted = ntfsGranted || (e["account"] == "CONTOSO\\EXCLUSTER$" && e["access"] == "fullControl");
  }
  EXPECT_TRUE(ntfsGranted);

  // Each PUT again: jobs that succeed and change nothing.
  auto before = labState(service)["changeCounters"];
  EXPECT_EQ(putAndWait(client, "/v1/clusters/EXCLUSTER", runbookClusterBody())["result"]["changed"], false);
  EXPECT_EQ(putAndWait(client, "/v1/clusters/EXCLUSTER/networks", kNetworks)["result"]["changed"], false);
  auto again = putAndWait(client, "/v1/clusters/EXCLUSTER/quorum", kQuorum);
  EXPECT_EQ(again["status"], "succeeded");
  EXPECT_EQ(again["result"]["changed"], false);
  EXPECT_EQ(labState(service)["changeCounters"], before);
  EXPECT_EQ(before, json::parse(R"({"createCluster":1,"createFolder":1,"createShare":1,"renameClusterNetwork":2,
                                    "setFolderAcl":1,"setQuorum":1})"));
}

TEST(Runbook, AWitnessServerUnreachableOnceIsRetried) {
  TempDir dir;
  auto lab = editedLab(dir, [](json& l) {
    l["faults"] = json::parse(R"([{"operation":"getFolder","target":"EX-HUB1","win32":1722,"times":1}])");
  });
  ServiceProcess service(dir.path(), {"--lab", lab, "--sim-delay-ms", "0"});
  service.start();
  auto client = service.client();
  auto job = createThenConfigureQuorum(client);
  ASSERT_EQ(job["status"], "succeeded") << job.dump(2);
  auto events = client.get("/v1/jobs/" + job["id"].get<std::string>() + "/events").json();
  bool retried = false;
  for (const auto& e : events["items"]) {
    retried = retried || (e["step"] == "createWitnessFolder" && e["level"] == "warning" &&
                          e["message"].get<std::string>().find("RPC_S_SERVER_UNAVAILABLE") != std::string::npos);
  }
  EXPECT_TRUE(retried);
  EXPECT_EQ(labState(service)["changeCounters"]["createFolder"], 1);
}

TEST(Runbook, AccessDeniedOnTheWitnessServerFailsWithWin32FiveAndSaysWhatToFix) {
  TempDir dir;
  ServiceProcess service(dir.path(),
                         {"--lab", labPath("exchange-ccr-lab-hub-denies-service-account.json"), "--sim-delay-ms", "0"});
  service.start();
  auto client = service.client();
  auto job = createThenConfigureQuorum(client);
  ASSERT_EQ(job["status"], "failed");
  EXPECT_EQ(job["error"]["win32"]["code"], 5);
  EXPECT_EQ(job["error"]["win32"]["name"], "ERROR_ACCESS_DENIED");
  // Found by checkCluster, through the admin share it checks, before any change.
  EXPECT_EQ(job["error"]["step"], "checkCluster");
  auto detail = job["error"]["detail"].get<std::string>();
  EXPECT_NE(detail.find("CONTOSO\\svc-clusterforge is not an administrator on EX-HUB1"), std::string::npos) << detail;
  EXPECT_NE(detail.find("add it to the local Administrators group"), std::string::npos) << detail;
  EXPECT_EQ(client.get("/v1/clusters/EXCLUSTER/quorum").json()["mode"], "nodeMajority");
}

TEST(Runbook, AShareNameTakenByAnotherPathIsAConflictAndIsNeverOverwritten) {
  TempDir dir;
  auto lab = editedLab(
      dir,
      hubWith(R"([{"path":"C:\\Reports","acl":[]}])",
              R"([{"name":"FSM_MBX","path":"C:\\Reports","permissions":[{"account":"Everyone","access":"read"}]}])"));
  ServiceProcess service(dir.path(), {"--lab", lab, "--sim-delay-ms", "0"});
  service.start();
  auto client = service.client();
  auto job = createThenConfigureQuorum(client);
  ASSERT_EQ(job["status"], "failed");
  EXPECT_EQ(job["error"]["code"], "shareNameTaken");
  EXPECT_EQ(job["error"]["step"], "shareWitnessFolder");
  auto share = server(labState(service), "EX-HUB1")["shares"][0];
  EXPECT_EQ(share["path"], "C:\\Reports");
  EXPECT_EQ(share["permissions"], json::parse(R"([{"account":"Everyone","access":"read"}])"));
}

TEST(Runbook, AnExistingShareOfTheSamePathIsReusedWithItsPermissionsFixed) {
  TempDir dir;
  auto lab = editedLab(
      dir,
      hubWith(R"([{"path":"C:\\FSM_MBX","acl":[{"account":"BUILTIN\\Administrators","access":"fullControl"}]}])",
              R"([{"name":"FSM_MBX","path":"C:\\FSM_MBX","permissions":[{"account":"Everyone","access":"read"}]}])"));
  ServiceProcess service(dir.path(), {"--lab", lab, "--sim-delay-ms", "0"});
  service.start();
  auto client = service.client();
  auto job = createThenConfigureQuorum(client);
  ASSERT_EQ(job["status"], "succeeded") << job.dump(2);
  auto state = labState(service);
  EXPECT_EQ(state["changeCounters"].value("createShare", 0), 0);
  EXPECT_EQ(state["changeCounters"]["setSharePermissions"], 1);
  EXPECT_EQ(server(state, "EX-HUB1")["shares"][0]["permissions"],
            json::parse(R"([{"account":"CONTOSO\\EXCLUSTER$","access":"fullControl"}])"));
}

TEST(Runbook, RequestsThatCannotWorkAreRefusedUpFront) {
  TempDir dir;
  ServiceProcess service(dir.path(), {"--sim-delay-ms", "0"});
  service.start();
  auto client = service.client();
  EXPECT_EQ(client.put("/v1/clusters/EXCLUSTER/networks", kNetworks).status, 404);
  EXPECT_EQ(client.put("/v1/clusters/EXCLUSTER/quorum", kQuorum).status, 404);
  EXPECT_EQ(client.get("/v1/clusters/EXCLUSTER/quorum").status, 404);
  putAndWait(client, "/v1/clusters/EXCLUSTER", runbookClusterBody());

  auto expect422 = [&](const std::string& path, const std::string& body, const std::string& pointer) {
    auto r = client.put(path, body);
    EXPECT_EQ(r.status, 422) << body << ": " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
    bool found = false;
    auto problem = r.json();
    for (const auto& e : problem["errors"]) found = found || e.value("pointer", "") == pointer;
    EXPECT_TRUE(found) << "no error at " << pointer << " in " << r.body;
  };
  expect422("/v1/clusters/EXCLUSTER/networks", R"({"networks":[{"match":{"subnet":"172.16.0.0/24"},"name":"X"}]})",
            "#/networks/0/match");
  expect422("/v1/clusters/EXCLUSTER/networks",
            R"({"networks":[{"match":{"subnet":"10.0.0.0/24"},"role":"clusterOnly"}]})", "#/networks/0/role");
  expect422(
      "/v1/clusters/EXCLUSTER/networks",
      R"({"networks":[{"match":{"subnet":"10.0.0.0/24"},"name":"Same"},{"match":{"subnet":"192.168.10.0/24"},"name":"Same"}]})",
      "#/networks/0/name");
  expect422("/v1/clusters/EXCLUSTER/quorum",
            R"({"mode":"nodeAndDiskMajority","diskWitness":{"disk":"Cluster Disk 1"}})", "#/diskWitness/disk");
  expect422("/v1/clusters/EXCLUSTER/quorum", R"({"mode":"diskOnly","disk":"Cluster Disk 9"})", "#/disk");
  expect422("/v1/clusters/EXCLUSTER/quorum",
            R"({"mode":"nodeAndFileShareMajority","fileShareWitness":{"path":"C:\\FSM_MBX"}})",
            "#/fileShareWitness/path");
  expect422("/v1/clusters/EXCLUSTER/quorum",
            R"({"mode":"nodeAndFileShareMajority","fileShareWitness":{"path":"\\\\EX-HUB1\\FSM_MBX\\sub"}})",
            "#/fileShareWitness/path");

  // Windows' warning for an even node count without a witness.
  auto majority = putAndWait(client, "/v1/clusters/EXCLUSTER/quorum", R"({"mode":"nodeMajority"})");
  ASSERT_EQ(majority["status"], "succeeded");
  ASSERT_EQ(majority["result"]["warnings"].size(), 1u);
  EXPECT_NE(majority["result"]["warnings"][0].get<std::string>().find("even number"), std::string::npos);
}

TEST(Runbook, PrepareIsRefusedForAnAdDetachedCluster) {
  TempDir dir;
  ServiceProcess service(dir.path(), {"--lab", editedLab(dir, modernOs), "--sim-delay-ms", "0"});
  service.start();
  auto client = service.client();
  auto created = putAndWait(client, "/v1/clusters/EXCLUSTER",
                            R"({"nodes":["EX-NODE1","EX-NODE2"],"managementPoint":"dns",
                                "staticAddresses":[{"address":"10.0.0.50","prefixLength":24}]})");
  ASSERT_EQ(created["status"], "succeeded");
  auto r = client.put("/v1/clusters/EXCLUSTER/quorum", kQuorum);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["errors"][0]["pointer"], "#/fileShareWitness/prepare");
  EXPECT_NE(r.json()["errors"][0]["detail"].get<std::string>().find("no computer account"), std::string::npos);
}

TEST(Runbook, TheCloudWitnessKeyNeverAppearsInAnyResponseEventLogOrFile) {
  TempDir dir;
  ServiceProcess service(dir.path(), {"--lab", editedLab(dir, modernOs), "--sim-delay-ms", "0"});
  service.start();
  auto client = service.client();
  putAndWait(client, "/v1/clusters/EXCLUSTER", runbookClusterBody());
  std::string body =
      std::string(R"({"mode":"cloudWitness","cloudWitness":{"accountName":"contosowitness","accessKey":")") +
      kCloudKey + R"("}})";
  auto accepted = client.put("/v1/clusters/EXCLUSTER/quorum", body);
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  std::string id = accepted.json()["id"];
  auto job = waitForFinish(client, id);
  ASSERT_EQ(job["status"], "succeeded") << job.dump(2);
  EXPECT_EQ(job["spec"]["cloudWitness"]["accessKey"], "(secret)");
  EXPECT_EQ(client.get("/v1/clusters/EXCLUSTER/quorum").json()["witness"]["resource"], "contosowitness");

  std::vector<std::string> answers = {accepted.body,
                                      client.get("/v1/jobs/" + id).body,
                                      client.get("/v1/jobs").body,
                                      client.get("/v1/jobs/" + id + "/events").body,
                                      client.get("/v1/clusters/EXCLUSTER").body,
                                      client.get("/v1/clusters/EXCLUSTER/quorum").body};
  for (const auto& a : answers) EXPECT_EQ(a.find(kCloudKey), std::string::npos) << a;
  // A key that failed validation is not echoed either.
  auto refused = client.put("/v1/clusters/EXCLUSTER/quorum",
                            R"({"mode":"cloudWitness","cloudWitness":{"accountName":"BAD","accessKey":"not-a-key!"}})");
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(refused.body.find("not-a-key!"), std::string::npos);

  service.terminate();  // flush the log and checkpoint the database
  for (const char* file :
       {"clusterforge.log", "clusterforge.db", "clusterforge.db-wal", "simulated-lab.json", "stdout.txt"}) {
    EXPECT_EQ(readFile(dir.file(file)).find(kCloudKey), std::string::npos) << file;
  }
}

}  // namespace
}  // namespace cf::test
