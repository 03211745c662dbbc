// Features and restarts on Windows Server 2008 nodes without WinRM, under
// Wine: WMI is the stand-in of wmi_double.h, which runs the stand-in
// ServerManagerCmd.exe on the reference lab's nodes; the exit codes and logs
// come back through \\NODE\ADMIN$, which Wine maps to a folder of its prefix.
#include <gtest/gtest.h>

#include <windows.h>

#include "orchestration/backends/clusapi/win/server_manager_wmi_win.h"
#include "orchestration/backends/simulated/simulated_backend.h"
#include "orchestration/model/features.h"
#include "orchestration/model/win32_error.h"
#include "tests/support/win32_code.h"
#include "tests/windows/double_lab_scope.h"
#include "tests/windows/wmi_double/wmi_double.h"

namespace cf::clusapi {
namespace {

using namespace std::chrono_literals;

const std::string kReferenceLab = CLUSTERFORGE_SOURCE_DIR "/deploy/sim/exchange-ccr-lab.json";

OperationContext op() { return OperationContext::forRequest(60s); }

// EX-NODE1 as the stand-ins left it.
ServerFacts node1() {
  const char* state = std::getenv("CLUSTERFORGE_DOUBLE_STATE");
  sim::SimulatedBackend lab(sim::SimulatedBackend::loadLab(kReferenceLab, state ? state : ""), "", 0ms);
  return lab.getServer("EX-NODE1", op());
}

size_t filesIn(const std::string& folder) {
  size_t count = 0;
  WIN32_FIND_DATAA found;
  HANDLE search = FindFirstFileA((folder + "/*").c_str(), &found);
  if (search == INVALID_HANDLE_VALUE) return 0;
  do {
    count += (found.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) ? 0 : 1;
  } while (FindNextFileA(search, &found));
  FindClose(search);
  return count;
}

class ServerManagerOverWmiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    share_ = test::WmiDouble::adminShare("EX-NODE1");
    if (share_.empty()) GTEST_SKIP() << "the admin share stand-in needs Wine's UNC mapping (WINEPREFIX)";
  }
  std::string runFiles() const { return share_ + "/Temp/ClusterForge"; }

  test::DoubleLabScope lab_{kReferenceLab};
  test::WmiDouble wmi_;
  ServerManagerOverWmi serverManager_{10ms};
  std::string share_;
};

TEST_F(ServerManagerOverWmiTest, InstallsEachFeatureWithItsOwnServerManagerCmdAndASecondRunChangesNothing) {
  ASSERT_FALSE(node1().hasFeature("PowerShell"));
  EXPECT_FALSE(serverManager_.installFeatures("EX-NODE1", {"PowerShell", "Web-Server"}, op()));
  EXPECT_EQ(test::WmiDouble::processesStarted(), 2);
  EXPECT_TRUE(node1().hasFeature("PowerShell"));
  EXPECT_TRUE(node1().hasFeature("Web-Server"));
  EXPECT_EQ(filesIn(runFiles()), 0u) << "a run that succeeded leaves neither its log nor its exit code";

  // ServerManagerCmd's 1003: nothing to change, which is no failure.
  EXPECT_FALSE(serverManager_.installFeatures("EX-NODE1", {"PowerShell"}, op()));
  EXPECT_EQ(test::WmiDouble::processesStarted(), 3);
}

TEST_F(ServerManagerOverWmiTest, AFeatureThatNeedsARestartSaysSoAndTheRestartedNodeComesBack) {
  EXPECT_TRUE(findFeature("Multipath-IO")->needsRestart);
  EXPECT_TRUE(serverManager_.installFeatures("EX-NODE1", {"Multipath-IO"}, op()));  // 3010
  EXPECT_TRUE(node1().restartPending);

  serverManager_.restart("EX-NODE1", op());
  EXPECT_EQ(test::WmiDouble::connectionsRefused(), test::WmiDouble::kConnectionsRefusedWhileRestarting)
      << "the restart returns only once the node answers again after going away";
  EXPECT_FALSE(node1().restartPending);
}

TEST_F(ServerManagerOverWmiTest, AFeatureThisWindowsLacksFailsWithTheEndOfServerManagerCmdsLog) {
  BackendError error;
  try {
    serverManager_.installFeatures("EX-NODE1", {"RSAT-Clustering-PowerShell"}, op());
    ADD_FAILURE() << "Windows Server 2008 has no RSAT-Clustering-PowerShell";
  } catch (const BackendFailure& f) {
    error = f.error();
  }
  EXPECT_EQ(error.code, win32::kInstallFailure);
  EXPECT_NE(error.message.find("exited with 1"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("Error: Installation failed."), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("\\\\EX-NODE1\\ADMIN$\\Temp\\ClusterForge\\"), std::string::npos) << error.message;
  EXPECT_EQ(filesIn(runFiles()), 1u) << "the failed run's log stays on the node for its administrator";
}

TEST_F(ServerManagerOverWmiTest, ANodeThatDoesNotAnswerNamesTheFirewallRuleGroupsToEnable) {
  BackendError error;
  try {
    serverManager_.installFeatures("EX-NODE9", {"PowerShell"}, op());
  } catch (const BackendFailure& f) {
    error = f.error();
  }
  EXPECT_EQ(error.code, win32::kRpcServerUnavailable);
  EXPECT_NE(error.message.find("\"Windows Management Instrumentation (WMI)\""), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("\"Remote Administration\""), std::string::npos) << error.message;
}

TEST_F(ServerManagerOverWmiTest, ACancelledWaitStopsPolling) {
  auto cancel = std::make_shared<StopFlag>();
  OperationContext ctx(cancel, std::make_shared<StopFlag>(), OperationContext::Clock::now() + 60s, nullptr);
  cancel->raise();
  EXPECT_THROW(serverManager_.restart("EX-NODE1", ctx), OperationInterrupted);
}

}  // namespace
}  // namespace cf::clusapi
