// Creating a cluster through the ClusAPI backend's code under Wine, against
// the clusapi.dll double over the reference lab (and the lab where EX-NODE2
// lacks Failover Clustering).
#include <gtest/gtest.h>

#include <cstdlib>

#include "orchestration/backends/clusapi/win/cluster_creation_win.h"
#include "orchestration/backends/clusapi/win/cluster_networks_win.h"
#include "orchestration/model/win32_error.h"
#include "tests/support/test_lab.h"
#include "tests/support/win32_code.h"
#include "tests/windows/beside_this_exe_win.h"

namespace cf::clusapi {
namespace {

ClusapiLibrary loadDouble(const std::string& labFile) {
  _putenv_s("CLUSTERFORGE_DOUBLE_LAB", test::labPath(labFile).c_str());
  return ClusapiLibrary::load(test::besideThisExe(L"clusapi.dll").c_str());
}

ClusterSpec runbookCluster() { return test::runbookClusterSpec(); }

TEST(ClusapiCreation, NodesReportWhetherTheyCanJoin) {
  auto library = loadDouble("exchange-ccr-lab.json");
  EXPECT_EQ(nodeClusterState(library.functions(), "EX-NODE1"), NodeClusterState::NotConfigured);
  EXPECT_EQ(nodeClusterState(library.functions(), "EX-HUB1"), NodeClusterState::NotInstalled);
  EXPECT_EQ(test::win32CodeOf([&] { nodeClusterState(library.functions(), "EX-NODE9"); }), win32::kBadNetPath);
}

TEST(ClusapiCreation, CreatesTheRunbookClusterReportingProgress) {
  auto library = loadDouble("exchange-ccr-lab.json");
  std::vector<int> seen;
  OperationContext ctx(std::make_shared<StopFlag>(), std::make_shared<StopFlag>(),
                       OperationContext::Clock::now() + std::chrono::seconds(60),
                       [&](int percent, const std::string&) { seen.push_back(percent); });
  auto warnings = createCluster(library.functions(), runbookCluster(), ctx);
  // CCR nodes share no disk: a Warning phase, and the cluster is made all the same.
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("no disk that every node sees"), std::string::npos) << warnings[0];
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back(), 100);
  EXPECT_EQ(nodeClusterState(library.functions(), "EX-NODE2"), NodeClusterState::Running);
  // The new cluster answers, with the networks creation found.
  EXPECT_EQ(ClusterNetworks(library.functions(), "EXCLUSTER").list().size(), 2u);
  // Again: the nodes are members now, and Windows' code comes back through the Fatal phase.
  EXPECT_EQ(test::win32CodeOf([&] { createCluster(library.functions(), runbookCluster(), ctx); }),
            win32::kClusterNodeAlreadyMember);
}

TEST(ClusapiCreation, ANodeWithoutFailoverClusteringFailsTheCreation) {
  auto library = loadDouble("exchange-ccr-lab-node2-without-clustering.json");
  auto ctx = OperationContext::forRequest(std::chrono::seconds(60));
  try {
    createCluster(library.functions(), runbookCluster(), ctx);
    FAIL() << "created";
  } catch (const BackendFailure& f) {
    EXPECT_EQ(f.error().code, win32::kClusterNodeNotReady);
    EXPECT_NE(std::string(f.what()).find("at EXCLUSTER"), std::string::npos) << f.what();
  }
}

}  // namespace
}  // namespace cf::clusapi
