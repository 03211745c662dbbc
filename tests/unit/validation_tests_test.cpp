// Every validation test on passing and on failing facts, built by hand.
#include <gtest/gtest.h>

#include "orchestration/validation/validation_catalog.h"

namespace cf {
namespace {

const ValidationTest& test(const std::string& name) {
  for (const auto& t : validationCatalog()) {
    if (t.name == name) return t;
  }
  throw std::out_of_range(name);
}

NodeFacts node(const std::string& name, int lastOctet) {
  NodeFacts n;
  n.name = name;
  n.reachable = true;
  auto& s = n.server;
  s.name = name;
  s.domain = "contoso.local";
  s.os = {"Windows Server 2008 Enterprise", "Enterprise", "6.0.6001", 1, "x64", "Full"};
  s.features = {"Failover-Clustering"};
  s.adapters = {{"Public", Ipv4Address(0x0A000000u + static_cast<uint32_t>(lastOctet)), 24, false,
                 *Ipv4Address::parse("10.0.0.1")},
                {"Private", Ipv4Address(0xC0A80A00u + static_cast<uint32_t>(lastOctet)), 24, false, std::nullopt}};
  s.services = {{"RemoteRegistry", true}, {"ClusSvc", true}};
  s.updates = {"KB950050"};
  return n;
}

// Two healthy nodes that reach each other on both networks.
ValidationFacts healthy() {
  ValidationFacts f;
  f.nodes = {node("EX-NODE1", 11), node("EX-NODE2", 12)};
  for (const auto& [from, to] : {std::pair{"EX-NODE1", "EX-NODE2"}, std::pair{"EX-NODE2", "EX-NODE1"}}) {
    for (const auto& a : (std::string(to) == "EX-NODE2" ? f.nodes[1] : f.nodes[0]).server.adapters) {
      f.reach[{from, a.address.toString()}] = true;
    }
  }
  return f;
}

ValidationFacts withCluster(ValidationFacts f) {
  ClusterState c;
  c.name = "EXCLUSTER";
  c.computerAccount = "CONTOSO\\EXCLUSTER$";
  c.nodes = {{"EX-NODE1", NodeState::Up}, {"EX-NODE2", NodeState::Up}};
  c.addresses = {{*Ipv4Address::parse("10.0.0.50"), 24}};
  c.quorum = {QuorumMode::NodeAndFileShareMajority, WitnessType::FileShare, "\\\\EX-HUB1\\FSM_MBX", true};
  f.cluster = c;
  f.witnessWritable = true;
  return f;
}

TestStatus run(const std::string& name, const ValidationFacts& facts) { return test(name).evaluate(facts).status; }

TEST(ValidationCatalog, HealthyNodesPassEveryNodeTest) {
  auto facts = healthy();
  for (const auto& t : validationCatalog()) {
    if (t.requiresCluster || t.category == "Storage") continue;
    auto result = t.evaluate(facts);
    EXPECT_EQ(result.status, TestStatus::Passed)
        << t.name << ": " << (result.messages.empty() ? "" : result.messages[0]);
  }
}

TEST(ValidationCatalog, AHealthyClusterPassesEveryClusterTest) {
  auto facts = withCluster(healthy());
  for (const auto& t : validationCatalog()) {
    if (!t.requiresCluster) continue;
    EXPECT_EQ(t.evaluate(facts).status, TestStatus::Passed) << t.name;
  }
}

TEST(ValidationCatalog, AnUnreachableNodeFailsTheInventory) {
  auto facts = healthy();
  facts.nodes[1].reachable = false;
  facts.nodes[1].unreachableReason = "RPC_S_SERVER_UNAVAILABLE: the RPC server on EX-NODE2 is unavailable";
  auto result = test("List Operating System Information").evaluate(facts);
  EXPECT_EQ(result.status, TestStatus::Failed);
  EXPECT_NE(result.messages[0].find("EX-NODE2 could not be reached"), std::string::npos);
}

TEST(ValidationCatalog, NetworkConfiguration) {
  auto missing = healthy();
  missing.nodes[1].server.adapters.pop_back();
  EXPECT_EQ(run("Validate Cluster Network Configuration", missing), TestStatus::Failed);
  auto mixed = healthy();
  mixed.nodes[1].server.adapters[1].dhcp = true;
  EXPECT_EQ(run("Validate Cluster Network Configuration", mixed), TestStatus::Failed);
}

TEST(ValidationCatalog, IpConfiguration) {
  auto duplicate = healthy();
  duplicate.nodes[1].server.adapters[1].address = duplicate.nodes[0].server.adapters[1].address;
  auto result = test("Validate IP Configuration").evaluate(duplicate);
  EXPECT_EQ(result.status, TestStatus::Failed);
  EXPECT_NE(result.messages.back().find("192.168.10.11 is used by EX-NODE1 (Private), EX-NODE2 (Private)"),
            std::string::npos);
  auto single = healthy();
  single.nodes[0].server.adapters.pop_back();
  EXPECT_EQ(run("Validate IP Configuration", single), TestStatus::Warning);
}

TEST(ValidationCatalog, NetworkCommunication) {
  auto facts = healthy();
  facts.reach[{"EX-NODE1", "192.168.10.12"}] = false;
  auto result = test("Validate Network Communication").evaluate(facts);
  EXPECT_EQ(result.status, TestStatus::Failed);
  EXPECT_EQ(result.messages[0], "EX-NODE1 cannot reach 192.168.10.12");
}

TEST(ValidationCatalog, MultipleSubnets) {
  auto facts = healthy();
  for (auto& a : facts.nodes[1].server.adapters) a.address = Ipv4Address(a.address.value() + 0x100);  // other subnets
  EXPECT_EQ(run("Validate Multiple Subnet Properties", facts), TestStatus::Warning);
}

TEST(ValidationCatalog, Firewall) {
  auto facts = healthy();
  facts.nodes[0].server.firewallAllowsClustering = false;
  EXPECT_EQ(run("Validate Windows Firewall Configuration", facts), TestStatus::Failed);
}

TEST(ValidationCatalog, ActiveDirectory) {
  auto facts = healthy();
  facts.nodes[1].server.domain = "fabrikam.local";
  EXPECT_EQ(run("Validate Active Directory Configuration", facts), TestStatus::Failed);
}

TEST(ValidationCatalog, Edition) {
  auto facts = healthy();
  facts.nodes[1].server.os.edition = "Standard";
  facts.nodes[1].server.os.caption = "Windows Server 2008 Standard";
  EXPECT_EQ(run("Validate Operating System Edition", facts), TestStatus::Failed);
  facts.nodes[0].server.os.version = facts.nodes[1].server.os.version = "6.2.9200";  // 2012: Standard clusters
  EXPECT_EQ(run("Validate Operating System Edition", facts), TestStatus::Passed);
}

TEST(ValidationCatalog, InstallationOptionVersionServicePackUpdatesArchitecture) {
  auto core = healthy();
  core.nodes[1].server.os.installationType = "Server Core";
  EXPECT_EQ(run("Validate Operating System Installation Option", core), TestStatus::Warning);
  auto version = healthy();
  version.nodes[1].server.os.version = "6.1.7600";
  EXPECT_EQ(run("Validate Operating System Version", version), TestStatus::Failed);
  auto sp = healthy();
  sp.nodes[1].server.os.servicePack = 2;
  auto spResult = test("Validate Service Pack Levels").evaluate(sp);
  EXPECT_EQ(spResult.status, TestStatus::Failed);
  EXPECT_EQ(spResult.messages[0], "EX-NODE2 has service pack 'SP2', EX-NODE1 has 'SP1'");
  auto updates = healthy();
  updates.nodes[1].server.updates.push_back("KB999999");
  EXPECT_EQ(run("Validate Software Update Levels", updates), TestStatus::Warning);
  auto arch = healthy();
  arch.nodes[1].server.os.architecture = "x86";
  EXPECT_EQ(run("Validate Same Processor Architecture", arch), TestStatus::Failed);
}

TEST(ValidationCatalog, RequiredServices) {
  auto facts = healthy();
  facts.nodes[1].server.services[0].running = false;
  EXPECT_EQ(run("Validate Required Services", facts), TestStatus::Failed);
  auto cluster = withCluster(healthy());
  cluster.nodes[0].server.services.pop_back();  // no ClusSvc on a cluster node
  EXPECT_EQ(run("Validate Required Services", cluster), TestStatus::Failed);
  auto beforeCreation = healthy();
  beforeCreation.nodes[0].server.services.pop_back();
  EXPECT_EQ(run("Validate Required Services", beforeCreation), TestStatus::Passed);
  auto noFeature = healthy();
  noFeature.nodes[1].server.features.clear();
  EXPECT_EQ(run("Validate Required Services", noFeature), TestStatus::Failed);
}

TEST(ValidationCatalog, QuorumConfiguration) {
  auto unwritable = withCluster(healthy());
  unwritable.witnessWritable = false;
  unwritable.witnessProblem = "CONTOSO\\EXCLUSTER$ cannot write to \\\\EX-HUB1\\FSM_MBX";
  auto result = test("Validate Quorum Configuration").evaluate(unwritable);
  EXPECT_EQ(result.status, TestStatus::Failed);
  EXPECT_NE(result.messages[0].find("cannot write"), std::string::npos);
  auto even = withCluster(healthy());
  even.cluster->quorum = QuorumState{};
  even.witnessWritable.reset();
  EXPECT_EQ(run("Validate Quorum Configuration", even), TestStatus::Warning);
}

TEST(ValidationCatalog, ResourceStatus) {
  auto facts = withCluster(healthy());
  facts.cluster->nodes[1].state = NodeState::Down;
  EXPECT_EQ(run("Validate Resource Status", facts), TestStatus::Failed);
  auto offline = withCluster(healthy());
  offline.cluster->quorum.witnessOnline = false;
  EXPECT_EQ(run("Validate Resource Status", offline), TestStatus::Failed);
}

TEST(ValidationCatalog, StorageIsSkippedWithoutSharedDisksAndChecksAccessWithThem) {
  auto none = healthy();
  auto skipped = test("List All Disks").evaluate(none);
  EXPECT_EQ(skipped.status, TestStatus::Skipped);
  EXPECT_NE(skipped.messages[0].find("no shared disks"), std::string::npos);
  auto disks = healthy();
  disks.nodes[0].server.sharedDisks = {"LUN-1", "LUN-2"};
  disks.nodes[1].server.sharedDisks = {"LUN-1"};
  EXPECT_EQ(run("List All Disks", disks), TestStatus::Passed);
  EXPECT_EQ(run("Validate Disk Access", disks), TestStatus::Failed);
}

TEST(ValidationCatalog, ClusterTestsAreNotApplicableBeforeCreation) {
  auto selection = selectTests({"Cluster Configuration"}, {});
  ASSERT_EQ(selection.tests.size(), 4u);
  for (const auto& r : runTests(selection.tests, healthy())) EXPECT_EQ(r.status, TestStatus::NotApplicable);
}

TEST(ValidationCatalog, SelectionByCategoryAndNameAndUnknownNames) {
  EXPECT_EQ(selectTests({}, {}).tests.size(), validationCatalog().size());
  auto network = selectTests({"network"}, {"Validate Windows Firewall Configuration"});
  EXPECT_EQ(network.tests.size(), 4u);
  auto unknown = selectTests({"Network", "Validate Everything"}, {"Nope"});
  EXPECT_EQ(unknown.unknown, (std::vector<std::string>{"Validate Everything", "Nope"}));
}

TEST(ValidationReport, VerdictAndRoundTrip) {
  ValidationReport report;
  report.id = "r1";
  report.nodes = {"EX-NODE1"};
  report.results = runTests(selectTests({"Inventory"}, {}).tests, healthy());
  EXPECT_EQ(report.verdict(), Verdict::Suitable);
  report.results.push_back({"Network", "X", TestStatus::Warning, {"w"}, {}});
  EXPECT_EQ(report.verdict(), Verdict::SuitableWithWarnings);
  report.results.push_back({"Network", "Y", TestStatus::Failed, {"f"}, {}});
  EXPECT_EQ(report.verdict(), Verdict::NotSuitable);
  auto back = reportFromJson(toJson(report));
  EXPECT_EQ(back.results.size(), report.results.size());
  EXPECT_EQ(back.verdict(), Verdict::NotSuitable);
  EXPECT_EQ(toJson(back), toJson(report));
}

}  // namespace
}  // namespace cf
