// The feature catalogue and what each Windows version can be asked, on labs
// of 2008 SP1 (the reference), 2008 R2 and 2012 R2: names a version lacks are
// refused at submit with the node and the field; profiles mean the right
// thing on each; .NET 3.5 on 2012 R2 needs installation media; a management
// point or witness a version cannot have is refused before a job exists.
#include "tests/integration/job_polling.h"
#include "tests/integration/service_test.h"

namespace cf::test {
namespace {

using nlohmann::json;

class OsCatalogueTest : public ServiceTest {
 protected:
  // The messages of a job's events, in order.
  std::string eventMessages(const json& job) {
    std::string messages;
    auto page = service->client().get("/v1/jobs/" + job["id"].get<std::string>() + "/events").json();
    for (const auto& event : page["items"]) messages += event["message"].get<std::string>() + "\n";
    return messages;
  }

  json prepare(const std::string& body) {
    auto client = service->client();
    auto accepted = client.post("/v1/node-preparations", body);
    EXPECT_EQ(accepted.status, 202) << accepted.body;
    if (accepted.status != 202) return json();
    return waitForFinish(client, accepted.json()["id"]);
  }

  json refused(const std::string& method, const std::string& path, const std::string& body) {
    auto r = service->client().request(method, path, body, {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 422) << r.body;
    return r.status == 422 ? r.json() : json();
  }
};

std::string detailAt(const json& problem, const std::string& pointer) {
  for (const auto& e : problem["errors"]) {
    if (e["pointer"] == pointer) return e["detail"];
  }
  return "(no error at " + pointer + "): " + problem.dump();
}

TEST_F(OsCatalogueTest, On2008AProfileLeavesOutWhatThatVersionLacksAndAListNamingItIsRefused) {
  start();
  auto job = prepare(R"({"nodes":["EX-NODE1"],"profile":"failover-cluster-node"})");
  ASSERT_EQ(job["status"], "succeeded") << job.dump(2);
  auto node = job["result"]["nodes"]["EX-NODE1"];
  EXPECT_EQ(node["installed"], json({"RSAT-Clustering"}));
  EXPECT_EQ(node["alreadyPresent"], json({"Failover-Clustering"}));
  // 2008 RTM/SP1 has no WinRM: the route the install takes is in the events.
  EXPECT_NE(eventMessages(job).find("EX-NODE1 (Windows Server 2008 Enterprise): installing RSAT-Clustering through "
                                    "ServerManagerCmd started through WMI over DCOM"),
            std::string::npos)
      << eventMessages(job);

  auto problem = refused("POST", "/v1/node-preparations",
                         R"({"nodes":["EX-NODE1","EX-NODE2"],"features":["RSAT-Clustering","RSAT-Clustering-PowerShell"]})");
  auto detail = detailAt(problem, "#/features/1");
  EXPECT_NE(detail.find("EX-NODE1"), std::string::npos) << detail;
  EXPECT_NE(detail.find("Windows Server 2012 (6.2)"), std::string::npos) << detail;
  EXPECT_EQ(problem["errors"].size(), 2u) << "one per node";

  // A DNS management point needs 2012 R2: refused at submit, no job.
  auto body = json::parse(runbookClusterBody());
  body["managementPoint"] = "dns";
  auto mp = refused("PUT", "/v1/clusters/EXCLUSTER", body.dump());
  EXPECT_NE(detailAt(mp, "#/managementPoint").find("2012 R2"), std::string::npos);
  EXPECT_EQ(service->client().get("/v1/jobs").json()["items"].size(), 1u) << "only the preparation job exists";
}

TEST_F(OsCatalogueTest, On2008R2PowerShellIsBuiltInAndTheExchangeProfileInstallsTheRest) {
  start({"--lab", labPath("exchange-ccr-lab-2008r2.json")});
  auto job = prepare(R"({"nodes":["EX-NODE1"],"profile":"exchange2007-ccr-mailbox"})");
  ASSERT_EQ(job["status"], "succeeded") << job.dump(2);
  auto node = job["result"]["nodes"]["EX-NODE1"];
  EXPECT_EQ(node["alreadyPresent"], json({"PowerShell", "Failover-Clustering"}));
  EXPECT_EQ(node["installed"].size(), 6u) << node.dump();
  EXPECT_NE(eventMessages(job).find("through Server Manager over WinRM"), std::string::npos) << eventMessages(job);
  auto problem = refused("POST", "/v1/node-preparations", R"({"nodes":["EX-NODE2"],"profile":"exchange2007-ccr-mailbox","source":"nope"})");
  EXPECT_NE(detailAt(problem, "#/source").find("UNC folder"), std::string::npos);
}

TEST_F(OsCatalogueTest, On2012R2NetFrameworkNeedsInstallationMediaAndACloudWitnessIsRefused) {
  start({"--lab", labPath("multi-site-lab.json")});
  auto profile = prepare(R"({"nodes":["SQL-A1"],"profile":"failover-cluster-node"})");
  ASSERT_EQ(profile["status"], "succeeded") << profile.dump(2);
  EXPECT_EQ(profile["result"]["nodes"]["SQL-A1"]["installed"],
            json({"RSAT-Clustering-PowerShell", "RSAT-Clustering-CmdInterface"}));

  auto noSource = refused("POST", "/v1/node-preparations", R"({"nodes":["SQL-A1"],"features":["NET-Framework-Core"]})");
  EXPECT_NE(detailAt(noSource, "#/source").find("installation media"), std::string::npos);

  // Media the lab does not hold: the install itself fails, as Windows' does.
  auto wrong = prepare(R"({"nodes":["SQL-A1"],"features":["NET-Framework-Core"],"source":"\\\\FS1\\Media\\2008\\sxs"})");
  ASSERT_EQ(wrong["status"], "failed") << wrong.dump(2);
  EXPECT_EQ(wrong["error"]["win32"]["name"], "CBS_E_SOURCE_MISSING");

  auto right =
      prepare(R"({"nodes":["SQL-A1"],"features":["NET-Framework-Core"],"source":"\\\\FS1\\Media\\2012R2\\sources\\sxs"})");
  ASSERT_EQ(right["status"], "succeeded") << right.dump(2);
  EXPECT_EQ(right["result"]["nodes"]["SQL-A1"]["installed"], json({"NET-Framework-Core"}));

  auto cloud = refused("PUT", "/v1/clusters/SQLCLUSTER", R"({
    "nodes": ["SQL-A1", "SQL-A2"], "staticAddresses": [{"address": "10.0.0.60", "prefixLength": 24}],
    "quorum": {"mode": "cloudWitness", "cloudWitness": {"accountName": "cfwitness", "accessKey": "a2V5a2V5a2V5a2V5"}}})");
  auto detail = detailAt(cloud, "#/quorum/mode");
  EXPECT_NE(detail.find("Windows Server 2016"), std::string::npos) << detail;
  EXPECT_NE(detail.find("SQL-A1"), std::string::npos) << detail;

  // The dry run is refused alike: the same check, nothing planned.
  auto dry = service->client().post("/v1/node-preparations?dryRun=true",
                                    R"({"nodes":["SQL-B1"],"features":["NET-Framework-Core"]})");
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(dry.json()["refusal"]["status"], 422);
}

}  // namespace
}  // namespace cf::test
