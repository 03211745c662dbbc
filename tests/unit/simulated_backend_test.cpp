#include <gtest/gtest.h>

#include <fstream>

#include "orchestration/backends/simulated/simulated_backend.h"
#include "orchestration/model/win32_error.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_lab.h"
#include "tests/support/win32_code.h"

namespace cf::sim {
namespace {

using std::chrono::milliseconds;

OperationContext context() { return OperationContext::forRequest(std::chrono::seconds(30)); }

// The Win32 code createCluster fails with, or 0 when it succeeds.
uint32_t createFails(SimulatedBackend& backend, const ClusterSpec& spec) {
  return test::win32CodeOf([&] { backend.createCluster(spec, context()); });
}

class SimulatedBackendTest : public ::testing::Test {
 protected:
  Lab lab = test::referenceLab();
  ClusterSpec spec = test::runbookClusterSpec();

  SimulatedBackend make() { return SimulatedBackend(lab, "", milliseconds(0)); }
};

TEST_F(SimulatedBackendTest, CreatesTheRunbookClusterWithItsNetworks) {
  auto backend = make();
  EXPECT_EQ(createFails(backend, spec), 0u);
  auto cluster = backend.findCluster("excluster", context());
  ASSERT_TRUE(cluster);
  EXPECT_EQ(cluster->nodeNames(), (std::vector<std::string>{"EX-NODE1", "EX-NODE2"}));
  ASSERT_EQ(cluster->networks.size(), 2u);
  EXPECT_EQ(cluster->networks[0].subnet.toString(), "10.0.0.0/24");
  EXPECT_EQ(cluster->networks[0].role, NetworkRole::ClusterAndClient);  // has a gateway
  EXPECT_EQ(cluster->networks[1].subnet.toString(), "192.168.10.0/24");
  EXPECT_EQ(cluster->networks[1].role, NetworkRole::ClusterOnly);
  EXPECT_EQ(cluster->quorum.mode, QuorumMode::NodeMajority);
  EXPECT_EQ(backend.changeCount("createCluster"), 1);
  EXPECT_EQ(backend.getNodeClusterState("EX-NODE1", context()), NodeClusterState::Running);
  EXPECT_EQ(*backend.getServer("EX-NODE2", context()).clusterName, "EXCLUSTER");
}

TEST_F(SimulatedBackendTest, NodeStateBeforeCreation) {
  auto backend = make();
  EXPECT_EQ(backend.getNodeClusterState("EX-NODE1", context()), NodeClusterState::NotConfigured);
  EXPECT_EQ(backend.getNodeClusterState("EX-HUB1", context()), NodeClusterState::NotInstalled);
}

TEST_F(SimulatedBackendTest, RefusesAnInvalidClusterName) {
  spec.name = "BAD_NAME";
  auto backend = make();
  EXPECT_EQ(createFails(backend, spec), win32::kInvalidComputerName);
}

TEST_F(SimulatedBackendTest, RefusesAnUnknownNode) {
  spec.nodes.push_back("EX-NODE9");
  auto backend = make();
  EXPECT_EQ(createFails(backend, spec), win32::kBadNetPath);
}

TEST_F(SimulatedBackendTest, AnUnreachableNodeIsATransientRpcFailureNamingTheFirewallRuleGroups) {
  lab.findServer("EX-NODE2")->reachable = false;
  auto backend = make();
  try {
    backend.createCluster(spec, context());
    FAIL();
  } catch (const BackendFailure& f) {
    EXPECT_EQ(f.error().code, win32::kRpcServerUnavailable);
    EXPECT_TRUE(f.error().transient);
    EXPECT_EQ(f.error().name, "RPC_S_SERVER_UNAVAILABLE");
    // What to enable, by the names Windows Firewall lists the rule groups under.
    EXPECT_NE(f.error().message.find("\"Windows Management Instrumentation (WMI)\""), std::string::npos)
        << f.error().message;
    EXPECT_NE(f.error().message.find("\"Remote Administration\""), std::string::npos);
  }
}

TEST_F(SimulatedBackendTest, RefusesANodeOfAnotherDomain) {
  lab.findServer("EX-NODE2")->facts.domain = "fabrikam.local";
  auto backend = make();
  EXPECT_EQ(createFails(backend, spec), win32::kNoSuchDomain);
}

TEST_F(SimulatedBackendTest, RefusesANodeWithoutFailoverClustering) {
  lab = sim::readLabFile(test::labPath("exchange-ccr-lab-node2-without-clustering.json"));
  auto backend = make();
  EXPECT_EQ(createFails(backend, spec), win32::kClusterNodeNotReady);
  EXPECT_FALSE(backend.findCluster("EXCLUSTER", context()));
  EXPECT_EQ(backend.changeCount("createCluster"), 0);
}

TEST_F(SimulatedBackendTest, RefusesANodeAlreadyInACluster) {
  auto backend = make();
  ASSERT_EQ(createFails(backend, spec), 0u);
  ClusterSpec other = spec;
  other.name = "OTHER";
  other.nodes = {"EX-NODE1"};
  other.staticAddresses = {{*Ipv4Address::parse("10.0.0.60"), 24}};
  EXPECT_EQ(createFails(backend, other), win32::kClusterNodeAlreadyMember);
}

TEST_F(SimulatedBackendTest, RefusesANameTakenInTheDomain) {
  auto backend = make();
  spec.name = "EX-HUB1";  // a server's computer account
  EXPECT_EQ(createFails(backend, spec), win32::kClusterCantCreateDupClusterName);
}

TEST_F(SimulatedBackendTest, RefusesAnAddressOffTheNodesNetworks) {
  spec.staticAddresses = {{*Ipv4Address::parse("172.16.0.50"), 24}};
  auto backend = make();
  EXPECT_EQ(createFails(backend, spec), win32::kClusterInvalidNetwork);
}

TEST_F(SimulatedBackendTest, RefusesAPrefixThatDiffersFromTheAdapters) {
  spec.staticAddresses = {{*Ipv4Address::parse("10.0.0.50"), 16}};
  auto backend = make();
  EXPECT_EQ(createFails(backend, spec), win32::kInvalidParameter);
}

TEST_F(SimulatedBackendTest, RefusesAnAddressInUse) {
  spec.staticAddresses = {{*Ipv4Address::parse("10.0.0.21"), 24}};  // EX-HUB1
  auto backend = make();
  EXPECT_EQ(createFails(backend, spec), win32::kClusterIpAddrInUse);
}

TEST_F(SimulatedBackendTest, RefusesADnsManagementPointOnWindows2008) {
  spec.managementPoint = ManagementPoint::Dns;
  auto backend = make();
  EXPECT_EQ(createFails(backend, spec), win32::kNotSupported);
  for (auto& server : lab.servers) server.facts.os.version = "10.0.17763";
  auto modern = make();
  EXPECT_EQ(createFails(modern, spec), 0u);
}

TEST_F(SimulatedBackendTest, EnforcesTheNodeLimitOfTheOsVersion) {
  for (int i = 3; i <= 17; ++i) {
    LabServer extra = *lab.findServer("EX-NODE2");
    extra.facts.name = "EX-NODE" + std::to_string(i);
    extra.facts.adapters[0].address =
        Ipv4Address(extra.facts.adapters[0].address.value() + static_cast<uint32_t>(i) * 2);
    extra.facts.adapters[1].address =
        Ipv4Address(extra.facts.adapters[1].address.value() + static_cast<uint32_t>(i) * 2);
    lab.servers.push_back(extra);
    spec.nodes.push_back(extra.facts.name);
  }
  auto backend = make();
  EXPECT_EQ(createFails(backend, spec), win32::kInvalidParameter);  // 17 nodes on 2008
}

TEST_F(SimulatedBackendTest, InjectedFaultsFireTheGivenNumberOfTimes) {
  lab.faults.push_back({"createCluster", "EXCLUSTER", win32::kRpcServerUnavailable, 1});
  lab.faults.push_back({"getServer", "*", win32::kAccessDenied, -1});
  auto backend = make();
  EXPECT_EQ(createFails(backend, spec), win32::kRpcServerUnavailable);
  EXPECT_EQ(createFails(backend, spec), 0u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_THROW(backend.getServer("EX-NODE1", context()), BackendFailure);
  }
}

TEST_F(SimulatedBackendTest, StatePersistsAcrossInstancesIncludingFaultsFired) {
  test::TempDir dir;
  lab.faults.push_back({"createCluster", "*", win32::kRpcServerUnavailable, 1});
  std::string state = dir.file("lab.json");
  {
    SimulatedBackend backend(lab, state, milliseconds(0));
    EXPECT_EQ(createFails(backend, spec), win32::kRpcServerUnavailable);
    EXPECT_EQ(createFails(backend, spec), 0u);
  }
  SimulatedBackend reopened(SimulatedBackend::loadLab("/nonexistent", state), state, milliseconds(0));
  EXPECT_TRUE(reopened.findCluster("EXCLUSTER", context()));
  EXPECT_EQ(reopened.changeCount("createCluster"), 1);
  EXPECT_EQ(reopened.snapshot().faults[0].remaining, 0);
}

TEST_F(SimulatedBackendTest, CancelDuringLatencyChangesNothing) {
  auto cancel = std::make_shared<StopFlag>();
  SimulatedBackend backend(lab, "", milliseconds(400));
  std::vector<int> progress;
  OperationContext ctx(cancel, std::make_shared<StopFlag>(), OperationContext::Clock::now() + std::chrono::seconds(30),
                       [&](int percent, const std::string&) {
                         progress.push_back(percent);
                         if (progress.size() == 2) cancel->raise();
                       });
  EXPECT_THROW(backend.createCluster(spec, ctx), OperationInterrupted);
  EXPECT_FALSE(backend.findCluster("EXCLUSTER", context()));
  EXPECT_EQ(backend.changeCount("createCluster"), 0);
}

TEST(Lab, ReportsTheBadFieldOfABrokenInventory) {
  auto lab = nlohmann::json::parse(R"({"domain":{"name":"c.local","netbiosName":"C"},
     "servers":[{"name":"N1","domain":"c.local","os":{"caption":"x","edition":"x","version":"6.0","servicePack":1,
                 "architecture":"x64"},"adapters":[{"name":"a","address":"10.0.0.300","prefixLength":24}]}]})");
  try {
    labFromJson(lab);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("/servers/0/adapters/0/address"), std::string::npos) << e.what();
  }
  EXPECT_THROW(readLabFile("/nonexistent/lab.json"), std::invalid_argument);
}

}  // namespace
}  // namespace cf::sim
