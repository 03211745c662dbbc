// The simulator's servers: reaching one from another, installing features,
// restarting.
#include <gtest/gtest.h>

#include "orchestration/backends/simulated/simulated_backend.h"
#include "orchestration/model/win32_error.h"
#include "tests/support/test_lab.h"
#include "tests/support/win32_code.h"

namespace cf::sim {
namespace {

OperationContext context() { return OperationContext::forRequest(std::chrono::seconds(30)); }

TEST(SimulatedServers, ReachOnSharedSubnetsRoutedOnesAndNotAcrossALinkFault) {
  Lab lab = test::referenceLab();
  lab.linkFaults.push_back({"EX-NODE1", "EX-NODE2", *Subnet::parseCidr("192.168.10.0/24")});
  SimulatedBackend backend(lab, "", std::chrono::milliseconds(0));
  EXPECT_TRUE(backend.canReach("EX-NODE1", *Ipv4Address::parse("10.0.0.12"), context()));
  EXPECT_FALSE(backend.canReach("EX-NODE1", *Ipv4Address::parse("192.168.10.12"), context()));
  EXPECT_FALSE(backend.canReach("EX-NODE2", *Ipv4Address::parse("192.168.10.11"), context()));
  // EX-HUB1 has no Private adapter, and the Private network has no gateway.
  EXPECT_FALSE(backend.canReach("EX-HUB1", *Ipv4Address::parse("192.168.10.11"), context()));
  EXPECT_TRUE(backend.canReach("EX-HUB1", *Ipv4Address::parse("10.0.0.11"), context()));
  EXPECT_FALSE(backend.canReach("EX-NODE1", *Ipv4Address::parse("10.0.0.99"), context()));
}

TEST(SimulatedServers, InstallsOnlyWhatTheEditionOffers) {
  Lab lab = test::referenceLab();
  SimulatedBackend backend(lab, "", std::chrono::milliseconds(0));
  EXPECT_FALSE(backend.installFeatures("EX-NODE1", {"PowerShell", "Web-Server"}, context()));
  EXPECT_TRUE(backend.getServer("EX-NODE1", context()).hasFeature("Web-Server"));
  // DC1 runs Windows Server 2008 Standard: no failover clustering before 2012.
  EXPECT_EQ(test::win32CodeOf([&] { backend.installFeatures("DC1", {"Failover-Clustering"}, context()); }),
            win32::kNotSupported);
  EXPECT_EQ(test::win32CodeOf([&] { backend.installFeatures("EX-NODE1", {"Frobnicator"}, context()); }),
            win32::kInvalidParameter);
  EXPECT_EQ(backend.changeCount("installFeatures"), 1);
}

TEST(SimulatedServers, AFeatureThatNeedsARestartLeavesItPendingUntilTheRestart) {
  Lab lab = test::referenceLab();
  SimulatedBackend backend(lab, "", std::chrono::milliseconds(0));
  EXPECT_TRUE(backend.installFeatures("EX-NODE1", {"Multipath-IO"}, context()));
  EXPECT_TRUE(backend.getServer("EX-NODE1", context()).restartPending);
  backend.restartServer("EX-NODE1", context());
  EXPECT_FALSE(backend.getServer("EX-NODE1", context()).restartPending);
  EXPECT_EQ(backend.changeCount("restartServer"), 1);
}

TEST(SimulatedServers, OnlyAnAdministratorInstallsFeatures) {
  Lab lab = readLabFile(test::labPath("exchange-ccr-lab-hub-denies-service-account.json"));
  SimulatedBackend backend(lab, "", std::chrono::milliseconds(0));
  EXPECT_EQ(test::win32CodeOf([&] { backend.installFeatures("EX-HUB1", {"PowerShell"}, context()); }),
            win32::kAccessDenied);
}

}  // namespace
}  // namespace cf::sim
