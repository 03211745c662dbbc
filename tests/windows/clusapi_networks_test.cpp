// The ClusAPI backend's network code, run under Wine against the test double
// of clusapi.dll (built beside this executable) over the simulated lab with
// the runbook's cluster already created.
#include <gtest/gtest.h>

#include "tests/windows/beside_this_exe_win.h"

#include <windows.h>

#include <cstdlib>

#include "orchestration/backends/clusapi/win/cluster_networks_win.h"
#include "orchestration/model/win32_error.h"
#include "tests/support/win32_code.h"

namespace cf::clusapi {
namespace {

using test::besideThisExe;

class ClusapiNetworksTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { _putenv_s("CLUSTERFORGE_DOUBLE_LAB", CLUSTERFORGE_DOUBLE_LAB_FILE); }
  ClusapiLibrary library = ClusapiLibrary::load(besideThisExe(L"clusapi.dll").c_str());
};

TEST_F(ClusapiNetworksTest, TheDoubleServesEveryFunctionTheBackendLoads) {
  EXPECT_TRUE(library.available()) << library.problem();
}

TEST_F(ClusapiNetworksTest, ListsRenamesAndSetsRoleAndMetric) {
  ClusterNetworks networks(library.functions(), "EXCLUSTER");
  auto list = networks.list();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].name, "Public");
  EXPECT_EQ(list[0].subnet.toString(), "10.0.0.0/24");
  EXPECT_EQ(list[0].role, NetworkRole::ClusterAndClient);
  EXPECT_EQ(list[1].name, "Private");
  EXPECT_EQ(list[1].subnet.toString(), "192.168.10.0/24");
  EXPECT_EQ(list[1].role, NetworkRole::ClusterOnly);
  EXPECT_EQ(list[1].metric, 1001u);

  networks.rename("Private", "Heartbeat");
  networks.setMetric("Heartbeat", 500);
  networks.setRole("Heartbeat", NetworkRole::None);
  auto after = networks.list();
  EXPECT_EQ(after[1].name, "Heartbeat");
  EXPECT_EQ(after[1].metric, 500u);
  EXPECT_FALSE(after[1].autoMetric);
  EXPECT_EQ(after[1].role, NetworkRole::None);
}

TEST_F(ClusapiNetworksTest, WindowsRulesComeBackAsTheirWin32Codes) {
  ClusterNetworks networks(library.functions(), "EXCLUSTER");
  EXPECT_EQ(test::win32CodeOf([&] { networks.setRole("Public", NetworkRole::ClusterOnly); }),
            win32::kClusterNetworkHasDependents);
  EXPECT_EQ(test::win32CodeOf([&] { networks.rename("Public", "Private"); }), win32::kObjectAlreadyExists);
  EXPECT_EQ(test::win32CodeOf([&] { networks.rename("Nope", "X"); }), win32::kClusterNetworkNotFound);
  EXPECT_EQ(test::win32CodeOf([&] { ClusterNetworks other(library.functions(), "NOCLUSTER"); }),
            win32::kRpcServerUnavailable);
}

}  // namespace
}  // namespace cf::clusapi
