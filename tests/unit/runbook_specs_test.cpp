// Parsing the validation, node-preparation and whole-runbook bodies.
#include <gtest/gtest.h>

#include "api/report_html.h"
#include "orchestration/specs/cluster_apply_spec.h"
#include "orchestration/model/features.h"
#include "orchestration/specs/node_preparation_spec.h"
#include "orchestration/specs/validation_spec.h"

namespace cf {
namespace {

using nlohmann::json;

std::vector<std::string> pointers(const FieldErrors& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.where);
  return out;
}

TEST(ValidationSpec, NodesOrClusterAndKnownTests) {
  auto nodes = parseValidationSpec(json::parse(R"({"nodes":["ex-node1","EX-NODE2"],"include":["Network"]})"));
  ASSERT_TRUE(nodes.spec);
  EXPECT_EQ(nodes.spec->nodes, (std::vector<std::string>{"EX-NODE1", "EX-NODE2"}));
  EXPECT_TRUE(parseValidationSpec(json::parse(R"({"cluster":"EXCLUSTER"})")).spec);
  EXPECT_EQ(pointers(parseValidationSpec(json::parse(R"({})")).errors), (std::vector<std::string>{""}));
  EXPECT_EQ(pointers(parseValidationSpec(json::parse(R"({"nodes":["A"],"cluster":"B"})")).errors),
            (std::vector<std::string>{""}));
  auto unknown = parseValidationSpec(json::parse(R"({"cluster":"C","include":["Validate Everything"],"color":1})"));
  EXPECT_EQ(pointers(unknown.errors), (std::vector<std::string>{"/color", "/include"}));
  EXPECT_NE(unknown.errors[1].detail.find("'Validate Everything'"), std::string::npos);
  auto none = parseValidationSpec(json::parse(R"({"cluster":"C","include":["Inventory"],"exclude":["Inventory"]})"));
  EXPECT_EQ(pointers(none.errors), (std::vector<std::string>{"/exclude"}));
}

TEST(NodePreparationSpec, FeaturesOrProfile) {
  FieldErrors errors;
  auto profile = readNodePreparationSpec(json::parse(R"({"nodes":["EX-NODE1"],"profile":"exchange2007-ccr-mailbox"})"),
                                         "", true, errors);
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->features.size(), 8u);
  auto features = readNodePreparationSpec(
      json::parse(R"({"nodes":["EX-NODE1"],"features":["failover-clustering"],"restart":true})"), "", true, errors);
  ASSERT_TRUE(features);
  EXPECT_EQ(features->features, (std::vector<std::string>{"Failover-Clustering"}));
  EXPECT_TRUE(features->restart);

  FieldErrors bad;
  readNodePreparationSpec(
      json::parse(R"({"nodes":["EX-NODE1"],"features":["Failover-Clustering","Frobnicator","Web-Sever"]})"), "", true,
      bad);
  ASSERT_EQ(pointers(bad), (std::vector<std::string>{"/features"}));
  EXPECT_NE(bad[0].detail.find("'Frobnicator', 'Web-Sever'"), std::string::npos);
  FieldErrors both;
  readNodePreparationSpec(json::parse(R"({"nodes":["N"],"features":["PowerShell"],"profile":"failover-cluster-node"})"),
                          "", true, both);
  EXPECT_EQ(pointers(both), (std::vector<std::string>{""}));
  FieldErrors noNodes;
  readNodePreparationSpec(json::parse(R"({"profile":"exchange2007-ccr-mailbox"})"), "", true, noNodes);
  EXPECT_EQ(pointers(noNodes), (std::vector<std::string>{"/nodes"}));
}

TEST(Features, AvailabilityFollowsWindows) {
  OsInfo standard2008{"Windows Server 2008 Standard", "Standard", "6.0.6001", 1, "x64", "Full"};
  EXPECT_TRUE(featureUnavailableReason("Failover-Clustering", standard2008));
  OsInfo standard2012 = standard2008;
  standard2012.version = "6.2.9200";
  EXPECT_FALSE(featureUnavailableReason("Failover-Clustering", standard2012));
  OsInfo core = standard2012;
  core.installationType = "Server Core";
  EXPECT_TRUE(featureUnavailableReason("Web-Lgcy-Mgmt-Console", core));
  EXPECT_TRUE(featureUnavailableReason("No-Such-Feature", standard2012));
}

const char* kWholeRunbook = R"({
  "nodes":["EX-NODE1","EX-NODE2"],"staticAddresses":[{"address":"10.0.0.50","prefixLength":24}],
  "prepare":{"profile":"exchange2007-ccr-mailbox"},
  "validateBefore":{},
  "networks":[{"match":{"subnet":"10.0.0.0/24"},"name":"Public","role":"clusterAndClient"}],
  "quorum":{"mode":"nodeAndFileShareMajority","fileShareWitness":{"path":"\\\\EX-HUB1\\FSM_MBX","prepare":{"localPath":"C:\\FSM_MBX"}}},
  "validateAfter":{"include":["Cluster Configuration"]}})";

TEST(ClusterApplySpec, ReadsEverySectionWithTheClustersNodes) {
  auto parsed = parseClusterApplySpec("excluster", json::parse(kWholeRunbook));
  ASSERT_TRUE(parsed.spec) << parsed.errors[0].where << " " << parsed.errors[0].detail;
  const auto& s = *parsed.spec;
  EXPECT_FALSE(s.createOnly());
  EXPECT_EQ(s.prepare->nodes, (std::vector<std::string>{"EX-NODE1", "EX-NODE2"}));
  EXPECT_EQ(s.validateBefore->nodes, s.cluster.nodes);
  EXPECT_EQ(s.validateAfter->cluster, "EXCLUSTER");
  EXPECT_EQ(s.networks->size(), 1u);
  EXPECT_EQ(s.quorum->cluster, "EXCLUSTER");
  EXPECT_TRUE(parseClusterApplySpec(
                  "C", json::parse(R"({"nodes":["N"],"staticAddresses":[{"address":"10.0.0.5","prefixLength":24}]})"))
                  .spec->createOnly());
}

TEST(ClusterApplySpec, PointsIntoTheSections) {
  auto parsed = parseClusterApplySpec("EXCLUSTER", json::parse(R"({
    "nodes":["EX-NODE1"],"staticAddresses":[{"address":"10.0.0.50","prefixLength":24}],"managementPoint":"dns",
    "prepare":{"features":["Nope"]}, "validateBefore":{"include":["Nothing"]}, "networks":{"a":1},
    "quorum":{"mode":"nodeAndFileShareMajority","fileShareWitness":{"path":"\\\\EX-HUB1\\FSM","prepare":{"localPath":"C:\\FSM"}}},
    "extra":true})"));
  EXPECT_EQ(pointers(parsed.errors), (std::vector<std::string>{"/extra", "/prepare/features", "/validateBefore",
                                                               "/networks", "/quorum/fileShareWitness/prepare"}));
}

TEST(ReportHtml, EscapesEverythingItShows) {
  EXPECT_EQ(api::escapeHtml("<script>\"a\" & 'b'</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;");
  ValidationReport report;
  report.id = "r<1>";
  report.nodes = {"EX-NODE1"};
  report.results = {{"Network", "Validate <IP>", TestStatus::Failed, {"bad & worse"}, {{"k", "<v>"}}},
                    {"Inventory", "List", TestStatus::Passed, {"ok"}, {}}};
  std::string html = api::renderReportHtml(report);
  EXPECT_EQ(html.find("<IP>"), std::string::npos);
  EXPECT_NE(html.find("Validate &lt;IP&gt;"), std::string::npos);
  EXPECT_NE(html.find("not suitable for clustering"), std::string::npos);
  EXPECT_LT(html.find("Failures and warnings"), html.find("<h2>Inventory</h2>"));
}

TEST(ReportHtml, ReadsLikeWindowsOwnReport) {
  ValidationReport report;
  report.id = "r1";
  report.nodes = {"EX-NODE1", "EX-NODE2"};
  report.servers = {{"EX-NODE1", "node", "Windows Server 2008 Enterprise x64", 1, ""},
                    {"EX-NODE2", "node", "", 0, "RPC_S_SERVER_UNAVAILABLE: no answer"}};
  TestResult passed{"Inventory",
                    "List Operating System Information",
                    TestStatus::Passed,
                    {"ok"},
                    {{"EX-NODE1", {{"caption", "Windows Server 2008"}, {"updates", {"KB1", "KB2"}}}}},
                    "Lists each node's OS.",
                    "2026-12-03T05:00:00.000Z",
                    12.5};
  TestResult warned{"Network", "Validate IP Configuration", TestStatus::Warning, {"single adapter"}, {}, "", "", 0};
  report.results = {passed, warned};
  std::string html = api::renderReportHtml(report);
  // Summary, servers, the table by category, then the tests with what they check and how long they took.
  size_t servers = html.find("Validated servers"), byCategory = html.find("Results by category");
  EXPECT_LT(html.find("suitable for clustering"), servers);
  EXPECT_LT(servers, byCategory);
  EXPECT_NE(html.find("<td>Windows Server 2008 Enterprise x64</td><td class=\"n\">1</td>"), std::string::npos);
  EXPECT_NE(html.find("no: RPC_S_SERVER_UNAVAILABLE"), std::string::npos);
  EXPECT_NE(html.find("<tr><td>Network</td><td class=\"n\">0</td><td class=\"n\">1</td>"), std::string::npos);
  EXPECT_NE(html.find("Lists each node&#39;s OS."), std::string::npos);
  EXPECT_NE(html.find("took 12.5 ms"), std::string::npos);
  // Facts as tables and lists, not JSON.
  EXPECT_NE(html.find("<th>caption</th><td>Windows Server 2008</td>"), std::string::npos) << html;
  EXPECT_NE(html.find("<th>updates</th><td>KB1, KB2</td>"), std::string::npos);
  EXPECT_EQ(html.find("<pre>"), std::string::npos);
}

}  // namespace
}  // namespace cf
