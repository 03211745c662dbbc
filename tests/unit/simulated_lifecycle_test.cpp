// The simulated lab as a strict model of a cluster's whole life: multi-site
// creation, networks read live, nodes joining and leaving, heartbeat
// settings, destruction and the computer object it leaves behind.
#include <gtest/gtest.h>

#include "orchestration/backends/simulated/simulated_backend.h"
#include "orchestration/model/win32_error.h"
#include "tests/support/test_lab.h"
#include "tests/support/win32_code.h"

namespace cf::sim {
namespace {

using std::chrono::milliseconds;

OperationContext context() { return OperationContext::forRequest(std::chrono::seconds(30)); }

ClusterSpec multiSiteSpec() {
  ClusterSpec spec;
  spec.name = "SQLCLUSTER";
  spec.nodes = {"SQL-A1", "SQL-A2", "SQL-B1"};
  spec.staticAddresses = {{*Ipv4Address::parse("10.0.0.50"), 24}, {*Ipv4Address::parse("10.1.0.50"), 24}};
  return spec;
}

class SimulatedLifecycleTest : public ::testing::Test {
 protected:
  SimulatedBackend backend{readLabFile(test::labPath("multi-site-lab.json")), "", milliseconds(0)};

  uint32_t fails(const std::function<void()>& call) { return test::win32CodeOf(call); }
  ClusterState cluster() { return *backend.findCluster("SQLCLUSTER", context()); }
};

TEST_F(SimulatedLifecycleTest, MakesOneNetworkPerSubnetAcrossTwoSites) {
  backend.createCluster(multiSiteSpec(), context());
  ClusterState c = cluster();
  ASSERT_EQ(c.networks.size(), 4u);
  std::map<std::string, std::pair<NetworkRole, size_t>> bySubnet;
  for (const auto& n : c.networks) bySubnet[n.subnet.toString()] = {n.role, n.interfaces.size()};
  EXPECT_EQ(bySubnet["10.0.0.0/24"], std::make_pair(NetworkRole::ClusterAndClient, size_t{2}));
  EXPECT_EQ(bySubnet["10.1.0.0/24"], std::make_pair(NetworkRole::ClusterAndClient, size_t{1}));
  EXPECT_EQ(bySubnet["172.16.0.0/24"], std::make_pair(NetworkRole::ClusterOnly, size_t{2}));
  EXPECT_EQ(bySubnet["172.16.1.0/24"], std::make_pair(NetworkRole::ClusterOnly, size_t{1}));
  EXPECT_EQ(c.nameDependency, "([Cluster IP Address] or [Cluster IP Address 10.1.0.50])");
  // 2012 R2 defaults.
  EXPECT_EQ(c.heartbeat.at("sameSubnetThreshold"), 5u);
  EXPECT_EQ(c.heartbeat.at("crossSubnetDelay"), 1000u);
}

TEST_F(SimulatedLifecycleTest, RefusesAnAddressOnNoNodesNetwork) {
  ClusterSpec spec = multiSiteSpec();
  spec.staticAddresses.push_back({*Ipv4Address::parse("10.9.0.50"), 24});
  EXPECT_EQ(fails([&] { backend.createCluster(spec, context()); }), win32::kClusterInvalidNetwork);
  EXPECT_EQ(backend.changeCount("createCluster"), 0);
}

TEST_F(SimulatedLifecycleTest, GrowsAndShrinksAndPicksUpTheNewNodesNetworks) {
  backend.createCluster(multiSiteSpec(), context());
  backend.addClusterNode("SQLCLUSTER", "SQL-B2", context());
  ClusterState grown = cluster();
  EXPECT_EQ(grown.nodes.size(), 4u);
  for (const auto& n : grown.networks) {
    if (n.subnet.toString() == "172.16.1.0/24") {
      EXPECT_EQ(n.interfaces.size(), 2u);
    }
  }
  EXPECT_EQ(fails([&] { backend.addClusterNode("SQLCLUSTER", "SQL-B2", context()); }),
            win32::kClusterNodeAlreadyMember);
  EXPECT_EQ(fails([&] { backend.addClusterNode("SQLCLUSTER", "DC1", context()); }), win32::kClusterNodeNotReady);

  backend.evictClusterNode("SQLCLUSTER", "SQL-B2", context());
  EXPECT_EQ(cluster().nodes.size(), 3u);
  EXPECT_EQ(backend.getNodeClusterState("SQL-B2", context()), NodeClusterState::NotConfigured);
  EXPECT_EQ(fails([&] { backend.evictClusterNode("SQLCLUSTER", "SQL-B2", context()); }), win32::kClusterNodeNotMember);
  EXPECT_EQ(backend.changeCount("addClusterNode"), 1);
  EXPECT_EQ(backend.changeCount("evictClusterNode"), 1);
}

TEST_F(SimulatedLifecycleTest, AnEvictedNodeCanJoinAnotherCluster) {
  backend.createCluster(multiSiteSpec(), context());
  backend.evictClusterNode("SQLCLUSTER", "SQL-B1", context());
  ClusterSpec other{"OTHERCL", {"SQL-B1", "SQL-B2"}, {{*Ipv4Address::parse("10.1.0.60"), 24}}, {}};
  EXPECT_EQ(fails([&] { backend.createCluster(other, context()); }), 0u);
}

TEST(EvictionProblem, RefusesTheLastNodeAndALossOfQuorum) {
  ClusterState c;
  c.name = "C";
  c.nodes = {{"A", NodeState::Up}};
  EXPECT_TRUE(evictionProblem(c, "A"));
  EXPECT_TRUE(evictionProblem(c, "Z"));
  c.nodes = {{"A", NodeState::Up}, {"B", NodeState::Up}, {"C", NodeState::Down}};
  EXPECT_TRUE(evictionProblem(c, "A"));  // B alone of two votes
  EXPECT_FALSE(evictionProblem(c, "C"));
  c.quorum = {QuorumMode::NodeAndFileShareMajority, WitnessType::FileShare, "\\\\FS1\\W", true};
  EXPECT_FALSE(evictionProblem(c, "A"));  // B and the witness: two of three
}

TEST_F(SimulatedLifecycleTest, HeartbeatRangesFollowTheOs) {
  backend.createCluster(multiSiteSpec(), context());
  backend.setClusterProperties("SQLCLUSTER", {{"crossSubnetThreshold", 40}, {"crossSubnetDelay", 3000}}, context());
  EXPECT_EQ(cluster().heartbeat.at("crossSubnetThreshold"), 40u);
  EXPECT_EQ(fails([&] {
              backend.setClusterProperties("SQLCLUSTER", {{"sameSubnetDelay", 2500}}, context());
            }),
            win32::kInvalidParameter);

  SimulatedBackend old{test::referenceLab(), "", milliseconds(0)};
  old.createCluster(test::runbookClusterSpec(), context());
  // 2008: thresholds stop at 10.
  EXPECT_EQ(test::win32CodeOf([&] {
              old.setClusterProperties("EXCLUSTER", {{"crossSubnetThreshold", 40}}, context());
            }),
            win32::kInvalidParameter);
  EXPECT_EQ(old.findCluster("EXCLUSTER", context())->heartbeat.at("sameSubnetThreshold"), 5u);
}

TEST_F(SimulatedLifecycleTest, DestroyLeavesADisabledObjectThatANewClusterTakesBack) {
  backend.createCluster(multiSiteSpec(), context());
  backend.destroyCluster("SQLCLUSTER", context());
  EXPECT_FALSE(backend.findCluster("SQLCLUSTER", context()));
  EXPECT_EQ(backend.getNodeClusterState("SQL-A1", context()), NodeClusterState::NotConfigured);
  auto object = backend.getComputerObject("SQLCLUSTER", context());
  ASSERT_TRUE(object);
  EXPECT_FALSE(object->enabled);

  backend.createCluster(multiSiteSpec(), context());
  EXPECT_TRUE(backend.getComputerObject("SQLCLUSTER", context())->enabled);
  EXPECT_EQ(fails([&] { backend.deleteComputerObject("SQLCLUSTER", context()); }), win32::kAccessDenied);
  backend.destroyCluster("SQLCLUSTER", context());
  backend.deleteComputerObject("SQLCLUSTER", context());
  EXPECT_FALSE(backend.getComputerObject("SQLCLUSTER", context()));
}

TEST_F(SimulatedLifecycleTest, AnAdapterAddedLaterShowsUpAsANetwork) {
  backend.createCluster(multiSiteSpec(), context());
  Lab lab = backend.snapshot();
  lab.findServer("SQL-A1")->facts.adapters.push_back({"Backup", *Ipv4Address::parse("192.168.50.11"), 24, false, {}});
  SimulatedBackend later{lab, "", milliseconds(0)};
  auto c = later.findCluster("SQLCLUSTER", context());
  ASSERT_EQ(c->networks.size(), 5u);
  EXPECT_EQ(c->networks.back().subnet.toString(), "192.168.50.0/24");
  EXPECT_EQ(c->networks.back().name, "Cluster Network 5");
}

}  // namespace
}  // namespace cf::sim
