// Validation, node preparation and the whole runbook in one request, over
// HTTP on the real binary.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/integration/job_polling.h"
#include "tests/integration/service_process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_lab.h"

namespace cf::test {
namespace {

using nlohmann::json;

const std::string kWholeRunbook = wholeRunbookRequest().dump();

json submitAndWait(HttpClient client, const std::string& method, const std::string& path, const std::string& body) {
  auto accepted = client.request(method, path, body, {{"Content-Type", "application/json"}});
  EXPECT_EQ(accepted.status, 202) << path << ": " << accepted.body;
  if (accepted.status != 202) return json::object();
  return waitForFinish(client, accepted.json()["id"]);
}

json validate(HttpClient client, const std::string& body) {
  auto job = submitAndWait(client, "POST", "/v1/validations", body);
  EXPECT_EQ(job["status"], "succeeded") << job.dump(2);
  auto report = client.get("/v1/validations/" + job["result"]["validate"]["reportId"].get<std::string>());
  EXPECT_EQ(report.status, 200);
  return report.json();
}

std::vector<std::string> failedTests(const json& report) {
  std::vector<std::string> out;
  for (const auto& t : report["tests"]) {
    if (t["status"] == "failed") out.push_back(t["name"]);
  }
  return out;
}

json labState(const ServiceProcess& service) { return json::parse(std::ifstream(service.labStateFile())); }

TEST(Validation, TheReferenceLabIsSuitableBeforeAndAfterCreation) {
  TempDir dir;
  ServiceProcess service(dir.path(), {"--sim-delay-ms", "0"});
  service.start();
  auto client = service.client();

  auto before = validate(client, R"({"nodes":["EX-NODE1","EX-NODE2"]})");
  EXPECT_EQ(before["summary"]["verdict"], "suitable") << before["summary"].dump();
  EXPECT_EQ(before["summary"]["notApplicable"], 4);  // the cluster tests, before there is one
  EXPECT_EQ(before["summary"]["skipped"], 2);        // storage: no shared disks in a CCR lab
  EXPECT_EQ(before["tests"].size(), client.get("/v1/validations/tests").json()["items"].size());

  ASSERT_EQ(submitAndWait(client, "PUT", "/v1/clusters/EXCLUSTER", runbookClusterBody())["status"], "succeeded");
  auto majority = validate(client, R"({"cluster":"EXCLUSTER"})");
  // Node majority on two nodes: Windows' warning about an even vote count.
  EXPECT_EQ(majority["summary"]["verdict"], "suitableWithWarnings");
  ASSERT_EQ(majority["summary"]["warning"], 1);

  submitAndWait(
      client, "PUT", "/v1/clusters/EXCLUSTER/quorum",
      R"({"mode":"nodeAndFileShareMajority","fileShareWitness":{"path":"\\\\EX-HUB1\\FSM_MBX","prepare":{"localPath":"C:\\FSM_MBX"}}})");
  auto after = validate(client, R"({"cluster":"EXCLUSTER"})");
  EXPECT_EQ(after["summary"]["verdict"], "suitable") << after.dump(2);
  EXPECT_EQ(after["cluster"], "EXCLUSTER");
  EXPECT_EQ(after["summary"]["notApplicable"], 0);

  auto listed = client.get("/v1/validations?cluster=EXCLUSTER").json()["items"];
  EXPECT_EQ(listed.size(), 2u);
  EXPECT_EQ(client.get("/v1/validations?node=EX-NODE2").json()["items"].size(), 3u);
  EXPECT_EQ(client.get("/v1/validations?node=EX-HUB1").json()["items"].size(), 0u);
}

TEST(Validation, TheHtmlReportShowsTheSummaryFirstAndEveryTestRun) {
  TempDir dir;
  ServiceProcess service(dir.path(), {"--lab", labPath("exchange-ccr-lab-node2-sp2.json"), "--sim-delay-ms", "0"});
  service.start();
  auto client = service.client();
  auto report = validate(client, R"({"nodes":["EX-NODE1","EX-NODE2"],"exclude":["Storage"]})");
  auto page = client.get("/v1/validations/" + report["id"].get<std::string>() + "/report.html");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(page.body.rfind("<!DOCTYPE html>", 0), 0u);
  for (const auto& t : report["tests"])
    EXPECT_NE(page.body.find(t["name"].get<std::string>()), std::string::npos) << t["name"];
  size_t summary = page.body.find("not suitable for clustering");
  size_t failure = page.body.find("Validate Service Pack Levels");
  size_t firstPass = page.body.find("List Operating System Information");
  EXPECT_NE(summary, std::string::npos);
  EXPECT_LT(summary, failure);
  EXPECT_LT(failure, firstPass);                                   // failures before passes
  EXPECT_EQ(page.body.find("List All Disks"), std::string::npos);  // excluded
  EXPECT_EQ(client.get("/v1/validations/no-such-report/report.html").status, 404);
}

struct FaultyLab {
  const char* file;
  const char* failedTest;
  const char* body;
};

void PrintTo(const FaultyLab& lab, std::ostream* out) { *out << lab.file << " fails " << lab.failedTest; }

class FaultyLabs : public ::testing::TestWithParam<FaultyLab> {};

TEST_P(FaultyLabs, FailTheRightTest) {
  TempDir dir;
  ServiceProcess service(dir.path(), {"--lab", labPath(GetParam().file), "--sim-delay-ms", "0"});
  service.start();
  auto report = validate(service.client(), GetParam().body);
  EXPECT_EQ(report["summary"]["verdict"], "notSuitable");
  auto failed = failedTests(report);
  EXPECT_NE(std::find(failed.begin(), failed.end(), GetParam().failedTest), failed.end())
      << GetParam().failedTest << " did not fail; failed: " << json(failed).dump();
}

const char* kNodes = R"({"nodes":["EX-NODE1","EX-NODE2"]})";
INSTANTIATE_TEST_SUITE_P(
    Labs, FaultyLabs,
    ::testing::Values(
        FaultyLab{"exchange-ccr-lab-node2-sp2.json", "Validate Service Pack Levels", kNodes},
        FaultyLab{"exchange-ccr-lab-duplicate-address.json", "Validate IP Configuration", kNodes},
        FaultyLab{"exchange-ccr-lab-node2-without-private.json", "Validate Cluster Network Configuration", kNodes},
        FaultyLab{"exchange-ccr-lab-firewall-blocked.json", "Validate Windows Firewall Configuration", kNodes},
        FaultyLab{"exchange-ccr-lab-private-link-down.json", "Validate Network Communication", kNodes},
        FaultyLab{"exchange-ccr-lab-node2-without-clustering.json", "Validate Required Services",
                  R"({"nodes":["EX-NODE1","EX-NODE2"],"include":["System Configuration"]})"},
        FaultyLab{"exchange-ccr-lab-witness-not-writable.json", "Validate Quorum Configuration",
                  R"({"cluster":"EXCLUSTER"})"}),
    // Named by the fault: exchange-ccr-lab-node2-sp2.json runs as Labs/FaultyLabs.FailTheRightTest/node2_sp2.
    [](const ::testing::TestParamInfo<FaultyLab>& info) {
      std::string name = info.param.file;
      name = name.substr(std::string("exchange-ccr-lab-").size());
      name = name.substr(0, name.size() - std::string(".json").size());
      for (char& c : name) c = c == '-' ? '_' : c;
      return name;
    });

TEST(Validation, RequestsThatCannotRunAreRefused) {
  TempDir dir;
  ServiceProcess service(dir.path(), {"--sim-delay-ms", "0"});
  service.start();
  auto client = service.client();
  EXPECT_EQ(client.post("/v1/validations", R"({"cluster":"NOCLUSTER"})").status, 404);
  auto unknown = client.post("/v1/validations", R"({"nodes":["EX-NODE1"],"include":["Validate Everything"]})");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_NE(unknown.body.find("Validate Everything"), std::string::npos);
  EXPECT_EQ(client.post("/v1/validations", R"({"nodes":["EX-NODE1"],"cluster":"EXCLUSTER"})").status, 422);
  EXPECT_EQ(client.get("/v1/validations?node=bad_name").status, 400);
}

TEST(NodePreparation, InstallsOnlyWhatIsMissingAndRestartsWhenAsked) {
  TempDir dir;
  ServiceProcess service(dir.path(), {"--sim-delay-ms", "0"});
  service.start();
  auto client = service.client();
  auto unknown = client.post("/v1/node-preparations",
                             R"({"nodes":["EX-NODE1"],"features":["PowerShell","Frobnicator","Web-Sever"]})");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_NE(unknown.body.find("'Frobnicator', 'Web-Sever'"), std::string::npos) << unknown.body;
  EXPECT_EQ(client.get("/v1/profiles").json()["items"][0]["name"], "exchange2007-ccr-mailbox");

  auto job = submitAndWait(client, "POST", "/v1/node-preparations",
                           R"({"nodes":["EX-NODE1","EX-NODE2"],"profile":"exchange2007-ccr-mailbox"})");
  ASSERT_EQ(job["status"], "succeeded") << job.dump(2);
  EXPECT_EQ(job["kind"], "nodes.prepare");
  EXPECT_EQ(job["result"]["nodes"]["EX-NODE1"]["installed"].size(), 7u);
  EXPECT_EQ(job["result"]["nodes"]["EX-NODE1"]["alreadyPresent"], json::parse(R"(["Failover-Clustering"])"));
  EXPECT_EQ(job["result"]["nodes"]["EX-NODE1"]["restartPending"], false);
  auto again = submitAndWait(client, "POST", "/v1/node-preparations",
                             R"({"nodes":["EX-NODE1","EX-NODE2"],"profile":"exchange2007-ccr-mailbox"})");
  EXPECT_EQ(again["result"]["changed"], false);
  EXPECT_EQ(labState(service)["changeCounters"]["installFeatures"], 2);

  auto restart = submitAndWait(client, "POST", "/v1/node-preparations",
                               R"({"nodes":["EX-NODE1"],"features":["Multipath-IO"],"restart":true})");
  ASSERT_EQ(restart["status"], "succeeded") << restart.dump(2);
  EXPECT_EQ(restart["result"]["nodes"]["EX-NODE1"]["restartPending"], true);
  EXPECT_EQ(restart["result"]["restarted"], json::parse(R"(["EX-NODE1"])"));
  EXPECT_EQ(labState(service)["changeCounters"]["restartServer"], 1);

  // The simulated lab has the servers' facts at hand: what their Windows
  // cannot have is refused before a job exists.
  auto standard =
      client.post("/v1/node-preparations", R"({"nodes":["DC1"],"features":["Failover-Clustering"]})");
  ASSERT_EQ(standard.status, 422) << standard.body;
  auto problem = standard.json();
  EXPECT_EQ(problem["errors"][0]["pointer"], "#/features/0");
  EXPECT_NE(problem["errors"][0]["detail"].get<std::string>().find("DC1"), std::string::npos);
  EXPECT_NE(problem["errors"][0]["detail"].get<std::string>().find("Enterprise or Datacenter"), std::string::npos);
}

TEST(WholeRunbook, OnePutReachesTheRunbooksStateAndTheSamePutChangesNothing) {
  TempDir dir;
  ServiceProcess service(dir.path(), {"--sim-delay-ms", "0"});
  service.start();
  auto client = service.client();
  auto job = submitAndWait(client, "PUT", "/v1/clusters/EXCLUSTER", kWholeRunbook);
  ASSERT_EQ(job["status"], "succeeded") << job.dump(2);
  EXPECT_EQ(job["kind"], "cluster.apply");
  std::vector<std::string> steps;
  for (const auto& s : job["progress"]["steps"]) steps.push_back(s["name"]);
  EXPECT_EQ(steps, (std::vector<std::string>{"checkFeatures", "installFeatures", "validateBefore", "checkNodes",
                                             "createCluster", "addNodes", "setClusterProperties", "verifyCluster",
                                             "configureNetworks", "verifyNetworks", "checkCluster",
                                             "createWitnessFolder", "shareWitnessFolder", "grantFolderAccess",
                                             "checkWitnessAccess", "setQuorum", "verifyQuorum", "validateAfter"}));
  EXPECT_EQ(job["result"]["validateBefore"]["verdict"], "suitable");
  EXPECT_EQ(job["result"]["validateAfter"]["verdict"], "suitable");

  auto cluster = client.get("/v1/clusters/EXCLUSTER").json();
  EXPECT_EQ(cluster["networks"][0]["name"], "Public");
  EXPECT_EQ(cluster["networks"][1]["role"], "clusterOnly");
  EXPECT_EQ(cluster["quorum"]["witness"]["resource"], "\\\\EX-HUB1\\FSM_MBX");
  auto state = labState(service);
  for (const auto& s : state["servers"]) {
    if (s["name"] == "EX-NODE1") {
      EXPECT_EQ(s["features"].size(), 8u);
    }
  }
  auto before = state["changeCounters"];
  EXPECT_EQ(before, json::parse(R"({"createCluster":1,"createFolder":1,"createShare":1,"installFeatures":2,
                                    "renameClusterNetwork":2,"setFolderAcl":1,"setQuorum":1})"));

  auto again = submitAndWait(client, "PUT", "/v1/clusters/EXCLUSTER", kWholeRunbook);
  ASSERT_EQ(again["status"], "succeeded") << again.dump(2);
  EXPECT_EQ(again["result"]["changed"], false);
  EXPECT_EQ(labState(service)["changeCounters"], before);
  EXPECT_EQ(client.get("/v1/validations?cluster=EXCLUSTER").json()["items"].size(), 2u);
}

TEST(WholeRunbook, AFailedValidateBeforeStopsBeforeAnythingIsCreated) {
  TempDir dir;
  ServiceProcess service(dir.path(), {"--lab", labPath("exchange-ccr-lab-node2-sp2.json"), "--sim-delay-ms", "0"});
  service.start();
  auto client = service.client();
  auto job = submitAndWait(client, "PUT", "/v1/clusters/EXCLUSTER", kWholeRunbook);
  ASSERT_EQ(job["status"], "failed");
  EXPECT_EQ(job["error"]["code"], "validationFailed");
  EXPECT_EQ(job["error"]["step"], "validateBefore");
  auto detail = job["error"]["detail"].get<std::string>();
  EXPECT_NE(detail.find("/v1/validations/" + job["id"].get<std::string>() + "-before"), std::string::npos) << detail;
  for (const auto& s : job["progress"]["steps"]) {
    if (s["name"] == "createCluster") {
      EXPECT_EQ(s["status"], "pending");
    }
  }
  EXPECT_EQ(client.get("/v1/clusters/EXCLUSTER").status, 404);
  EXPECT_EQ(labState(service)["changeCounters"].value("createCluster", 0), 0);
  auto report = client.get("/v1/validations/" + job["id"].get<std::string>() + "-before").json();
  EXPECT_EQ(failedTests(report), (std::vector<std::string>{"Validate Service Pack Levels"}));
}

TEST(WholeRunbook, SectionsAreCheckedLikeTheirOwnEndpoints) {
  TempDir dir;
  ServiceProcess service(dir.path(), {"--sim-delay-ms", "0"});
  service.start();
  auto r = service.client().put("/v1/clusters/EXCLUSTER", R"({
    "nodes":["EX-NODE1","EX-NODE2"],"staticAddresses":[{"address":"10.0.0.50","prefixLength":24}],
    "prepare":{"features":["Nope"]},"quorum":{"mode":"nodeAndFileShareMajority","fileShareWitness":{"path":"C:\\x"}}})");
  EXPECT_EQ(r.status, 422);
  auto problem = r.json();
  std::vector<std::string> pointers;
  for (const auto& e : problem["errors"]) pointers.push_back(e["pointer"]);
  EXPECT_EQ(pointers, (std::vector<std::string>{"#/prepare/features", "#/quorum/fileShareWitness/path"}));
}

}  // namespace
}  // namespace cf::test
