// The ClusAPI backend's quorum code under Wine, against the clusapi.dll
// double over a lab whose EXCLUSTER has a file share witness its account
// cannot write to (exchange-ccr-lab-witness-not-writable.json), or a copy of
// it where the share grants the cluster account what it needs.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

#include "orchestration/backends/clusapi/win/cluster_quorum_win.h"
#include "orchestration/model/win32_error.h"
#include "tests/support/win32_code.h"
#include "tests/windows/beside_this_exe_win.h"

namespace cf::clusapi {
namespace {

const std::string kAccount = "CONTOSO\\EXCLUSTER$";

// Points the double at `lab` and loads it afresh (each load starts from the file).
ClusapiLibrary loadDouble(const std::string& lab) {
  _putenv_s("CLUSTERFORGE_DOUBLE_LAB", lab.c_str());
  return ClusapiLibrary::load(test::besideThisExe(L"clusapi.dll").c_str());
}

std::string writableWitnessLab() {
  auto lab = nlohmann::json::parse(std::ifstream(CLUSTERFORGE_DOUBLE_LAB_FILE));
  for (auto& s : lab["servers"]) {
    if (s["name"] != "EX-HUB1") continue;
    s["shares"][0]["permissions"] = nlohmann::json::array({{{"account", kAccount}, {"access", "fullControl"}}});
    s["folders"][0]["acl"].push_back({{"account", kAccount}, {"access", "fullControl"}});
  }
  std::string path = "clusterforge-double-writable-lab.json";
  std::ofstream(path) << lab.dump();
  return path;
}

TEST(ClusapiQuorum, ReadsTheWitnessTheClusterHas) {
  auto library = loadDouble(CLUSTERFORGE_DOUBLE_LAB_FILE);
  ClusterQuorum quorum(library.functions(), "EXCLUSTER");
  auto state = quorum.read();
  EXPECT_EQ(state.mode, QuorumMode::NodeAndFileShareMajority);
  EXPECT_EQ(state.witnessType, WitnessType::FileShare);
  EXPECT_EQ(state.witness, "\\\\EX-HUB1\\FSM_MBX");
}

TEST(ClusapiQuorum, AWitnessShareTheAccountCannotWriteDoesNotComeOnline) {
  auto library = loadDouble(CLUSTERFORGE_DOUBLE_LAB_FILE);
  ClusterQuorum quorum(library.functions(), "EXCLUSTER");
  QuorumSettings fsw;
  fsw.mode = QuorumMode::NodeAndFileShareMajority;
  fsw.sharePath = "\\\\EX-HUB1\\FSM_MBX";
  EXPECT_EQ(test::win32CodeOf([&] { quorum.configure(fsw); }), win32::kAccessDenied);
}

// OnlineClusterResource answers 997 and the witness is Online only three
// polls later; SetClusterQuorumResource before that would fail
// (ERROR_RESOURCE_NOT_ONLINE), so configure waits, and gives up when bounded.
TEST(ClusapiQuorum, AWitnessComingOnlineIsWaitedForBeforeItBecomesTheQuorum) {
  auto library = loadDouble(writableWitnessLab());
  QuorumSettings fsw;
  fsw.mode = QuorumMode::NodeAndFileShareMajority;
  fsw.sharePath = "\\\\EX-HUB1\\FSM_MBX";
  _putenv_s("CLUSTERFORGE_DOUBLE_ONLINE_PENDING", "3");
  ClusterQuorum patient(library.functions(), "EXCLUSTER", std::chrono::seconds(5), std::chrono::milliseconds(10));
  EXPECT_EQ(test::win32CodeOf([&] { patient.configure(fsw); }), 0u);
  EXPECT_EQ(patient.read().mode, QuorumMode::NodeAndFileShareMajority);

  _putenv_s("CLUSTERFORGE_DOUBLE_ONLINE_PENDING", "1000");
  ClusterQuorum hasty(library.functions(), "EXCLUSTER", std::chrono::milliseconds(50), std::chrono::milliseconds(10));
  EXPECT_EQ(test::win32CodeOf([&] { hasty.configure(fsw); }), win32::kTimeout);
  _putenv_s("CLUSTERFORGE_DOUBLE_ONLINE_PENDING", "");
}

TEST(ClusapiQuorum, ConfiguresEachModeTheLabAllows) {
  auto library = loadDouble(writableWitnessLab());
  ClusterQuorum quorum(library.functions(), "EXCLUSTER");
  QuorumSettings majority;
  quorum.configure(majority);
  EXPECT_EQ(quorum.read().mode, QuorumMode::NodeMajority);
  EXPECT_EQ(quorum.read().witnessType, WitnessType::None);

  QuorumSettings fsw;
  fsw.mode = QuorumMode::NodeAndFileShareMajority;
  fsw.sharePath = "\\\\EX-HUB1\\FSM_MBX";
  quorum.configure(fsw);
  auto state = quorum.read();
  EXPECT_EQ(state.mode, QuorumMode::NodeAndFileShareMajority);
  EXPECT_EQ(state.witness, "\\\\EX-HUB1\\FSM_MBX");
  EXPECT_TRUE(state.witnessOnline);
}

TEST(ClusapiQuorum, WindowsRulesComeBackAsTheirWin32Codes) {
  auto library = loadDouble(CLUSTERFORGE_DOUBLE_LAB_FILE);
  ClusterQuorum quorum(library.functions(), "EXCLUSTER");
  QuorumSettings disk;
  disk.mode = QuorumMode::NodeAndDiskMajority;
  disk.disk = "Cluster Disk 1";
  EXPECT_EQ(test::win32CodeOf([&] { quorum.configure(disk); }), win32::kResourceNotFound);
  QuorumSettings cloud;
  cloud.mode = QuorumMode::CloudWitness;
  cloud.cloudAccount = "contosowitness";
  cloud.cloudAccessKey = "c2VjcmV0";
  // Windows Server 2008 has no Cloud Witness resource type.
  EXPECT_EQ(test::win32CodeOf([&] { quorum.configure(cloud); }), win32::kClusterResourceTypeNotFound);
}

}  // namespace
}  // namespace cf::clusapi
