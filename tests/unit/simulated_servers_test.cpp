// The simulator's servers: reaching one from another, installing features,
// restarting.
#include <gtest/gtest.h>

#include "orchestration/backends/simulated/simulated_backend.h"
#include "orchestration/model/features.h"
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
  EXPECT_FALSE(backend.installFeatures("EX-NODE1", {"PowerShell", "Web-Server"}, "", context()));
  EXPECT_TRUE(backend.getServer("EX-NODE1", context()).hasFeature("Web-Server"));
  // DC1 runs Windows Server 2008 Standard: no failover clustering before 2012.
  EXPECT_EQ(test::win32CodeOf([&] { backend.installFeatures("DC1", {"Failover-Clustering"}, "", context()); }),
            win32::kNotSupported);
  EXPECT_EQ(test::win32CodeOf([&] { backend.installFeatures("EX-NODE1", {"Frobnicator"}, "", context()); }),
            win32::kInvalidParameter);
  EXPECT_EQ(backend.changeCount("installFeatures"), 1);
}

TEST(FeatureCatalogue, KnowsWhichNamesEachWindowsVersionHas) {
  OsInfo w2008{"Windows Server 2008 Enterprise", "Enterprise", "6.0.6001", 1, "x64", "Full"};
  OsInfo w2008r2{"Windows Server 2008 R2 Enterprise", "Enterprise", "6.1.7601", 1, "x64", "Full"};
  OsInfo w2012{"Windows Server 2012 Datacenter", "Datacenter", "6.2.9200", 0, "x64", "Full"};
  EXPECT_TRUE(featureUnavailableReason("RSAT-Clustering-PowerShell", w2008));
  EXPECT_TRUE(featureUnavailableReason("RSAT-Clustering-CmdInterface", w2008r2));
  EXPECT_FALSE(featureUnavailableReason("RSAT-Clustering-PowerShell", w2012));
  EXPECT_TRUE(featureUnavailableReason("NET-Framework-Core", w2008));
  EXPECT_FALSE(featureUnavailableReason("NET-Framework-Core", w2008r2));
  // PowerShell: a feature on 2008, part of Windows from 2008 R2 on.
  EXPECT_FALSE(featureUnavailableReason("PowerShell", w2008));
  EXPECT_FALSE(featureBuiltIn("PowerShell", w2008));
  EXPECT_TRUE(featureBuiltIn("PowerShell", w2008r2));
  EXPECT_TRUE(featureBuiltIn("PowerShell", w2012));
  ServerFacts node;
  node.os = w2008r2;
  EXPECT_TRUE(featurePresent(node, "PowerShell"));
  EXPECT_FALSE(featurePresent(node, "Web-Server"));
}

TEST(SimulatedServers, RefusesANameTheNodesWindowsLacksAndInstallsNothingBuiltIn) {
  Lab lab = test::referenceLab();
  SimulatedBackend backend(lab, "", std::chrono::milliseconds(0));
  EXPECT_EQ(test::win32CodeOf([&] { backend.installFeatures("EX-NODE1", {"RSAT-Clustering-PowerShell"}, "", context()); }),
            win32::kNotSupported);
  for (auto& server : lab.servers) server.facts.os.version = "6.1.7601";  // 2008 R2
  SimulatedBackend r2(lab, "", std::chrono::milliseconds(0));
  r2.installFeatures("EX-NODE1", {"PowerShell"}, "", context());
  EXPECT_FALSE(r2.getServer("EX-NODE1", context()).hasFeature("PowerShell")) << "built in: nothing to install";
}

TEST(SimulatedServers, DotNet35On2012R2NeedsInstallationMediaTheLabHolds) {
  Lab lab = readLabFile(test::labPath("multi-site-lab.json"));
  SimulatedBackend backend(lab, "", std::chrono::milliseconds(0));
  EXPECT_EQ(test::win32CodeOf([&] { backend.installFeatures("SQL-A1", {"NET-Framework-Core"}, "", context()); }),
            win32::kSourceMissing);
  EXPECT_EQ(test::win32CodeOf([&] {
              backend.installFeatures("SQL-A1", {"NET-Framework-Core"}, "\\\\FS1\\Other", context());
            }),
            win32::kSourceMissing);
  EXPECT_TRUE(backend.installFeatures("SQL-A1", {"NET-Framework-Core"}, "\\\\fs1\\media\\2012R2\\sources\\sxs",
                                      context()));
  EXPECT_TRUE(backend.getServer("SQL-A1", context()).hasFeature("NET-Framework-Core"));
  EXPECT_EQ(win32ErrorName(win32::kSourceMissing), "CBS_E_SOURCE_MISSING");
}

TEST(SimulatedServers, AFeatureThatNeedsARestartLeavesItPendingUntilTheRestart) {
  Lab lab = test::referenceLab();
  SimulatedBackend backend(lab, "", std::chrono::milliseconds(0));
  EXPECT_TRUE(backend.installFeatures("EX-NODE1", {"Multipath-IO"}, "", context()));
  EXPECT_TRUE(backend.getServer("EX-NODE1", context()).restartPending);
  backend.restartServer("EX-NODE1", context());
  EXPECT_FALSE(backend.getServer("EX-NODE1", context()).restartPending);
  EXPECT_EQ(backend.changeCount("restartServer"), 1);
}

TEST(SimulatedServers, OnlyAnAdministratorInstallsFeatures) {
  Lab lab = readLabFile(test::labPath("exchange-ccr-lab-hub-denies-service-account.json"));
  SimulatedBackend backend(lab, "", std::chrono::milliseconds(0));
  EXPECT_EQ(test::win32CodeOf([&] { backend.installFeatures("EX-HUB1", {"PowerShell"}, "", context()); }),
            win32::kAccessDenied);
}

}  // namespace
}  // namespace cf::sim
