// A cluster's nodes, addresses and disks read through the ClusAPI backend's
// code under Wine, against the clusapi.dll double.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

#include "orchestration/backends/clusapi/win/cluster_creation_win.h"
#include "orchestration/backends/clusapi/win/cluster_inventory_win.h"
#include "tests/support/test_lab.h"
#include "tests/windows/beside_this_exe_win.h"

namespace cf::clusapi {
namespace {

TEST(ClusapiInventory, ReadsTheNodesAddressesAndDisksCreationMade) {
  // The reference lab with a shared disk both nodes see.
  auto lab = nlohmann::json::parse(std::ifstream(test::labPath("exchange-ccr-lab.json")));
  for (auto& s : lab["servers"]) {
    if (s["name"].get<std::string>().rfind("EX-NODE", 0) == 0) s["sharedDisks"] = {"LUN-QUORUM"};
  }
  std::ofstream("clusterforge-double-disk-lab.json") << lab.dump();
  _putenv_s("CLUSTERFORGE_DOUBLE_LAB", "clusterforge-double-disk-lab.json");
  auto library = ClusapiLibrary::load(test::besideThisExe(L"clusapi.dll").c_str());
  ASSERT_TRUE(library.available()) << library.problem();
  createCluster(library.functions(), test::runbookClusterSpec(),
                OperationContext::forRequest(std::chrono::seconds(60)));

  auto inventory = readInventory(library.functions(), "EXCLUSTER");
  ASSERT_EQ(inventory.nodes.size(), 2u);
  EXPECT_EQ(inventory.nodes[0].name, "EX-NODE1");
  EXPECT_EQ(inventory.nodes[1].state, NodeState::Up);
  ASSERT_EQ(inventory.addresses.size(), 1u);
  EXPECT_EQ(inventory.addresses[0].address.toString(), "10.0.0.50");
  EXPECT_EQ(inventory.addresses[0].prefixLength, 24);
  ASSERT_EQ(inventory.disks.size(), 1u);
  EXPECT_EQ(inventory.disks[0].name, "Cluster Disk 1");
  EXPECT_TRUE(inventory.disks[0].online);
}

}  // namespace
}  // namespace cf::clusapi
