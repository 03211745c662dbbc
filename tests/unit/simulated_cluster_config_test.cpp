// The simulator's rules for networks, the witness file server and the
// quorum, each with the Win32 code Windows returns.
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

const std::string kAccount = "CONTOSO\\EXCLUSTER$";

class ClusterConfigTest : public ::testing::Test {
 protected:
  Lab lab = test::referenceLab();
  std::unique_ptr<SimulatedBackend> backend;

  void createRunbookCluster() {
    backend = std::make_unique<SimulatedBackend>(lab, "", milliseconds(0));
    backend->createCluster(test::runbookClusterSpec(), context());
  }

  void prepareWitnessShare(const std::vector<AccessEntry>& sharePermissions, const std::vector<AccessEntry>& acl) {
    backend->createFolder("EX-HUB1", "C:\\FSM_MBX", context());
    backend->setFolderAcl("EX-HUB1", "C:\\FSM_MBX", acl, context());
    backend->createShare("EX-HUB1", {"FSM_MBX", "C:\\FSM_MBX", sharePermissions}, context());
  }
};

TEST_F(ClusterConfigTest, CreationGivesTheClusterItsComputerAccountAndInterfaces) {
  createRunbookCluster();
  auto c = *backend->findCluster("EXCLUSTER", context());
  EXPECT_EQ(c.computerAccount, kAccount);
  ASSERT_EQ(c.networks[0].interfaces.size(), 2u);
  EXPECT_EQ(c.networks[0].interfaces[1].node, "EX-NODE2");
  EXPECT_EQ(c.networks[0].interfaces[1].address.toString(), "10.0.0.12");
  EXPECT_TRUE(c.disks.empty());  // the CCR lab has no shared storage
}

TEST_F(ClusterConfigTest, NetworkRules) {
  createRunbookCluster();
  EXPECT_EQ(test::win32CodeOf([&] { backend->renameClusterNetwork("EXCLUSTER", "Nope", "X", context()); }),
            win32::kClusterNetworkNotFound);
  EXPECT_EQ(test::win32CodeOf([&] {
              backend->renameClusterNetwork("EXCLUSTER", "Cluster Network 1", "Cluster Network 2", context());
            }),
            win32::kObjectAlreadyExists);
  EXPECT_EQ(test::win32CodeOf([&] {
              backend->setClusterNetworkRole("EXCLUSTER", "Cluster Network 1", NetworkRole::ClusterOnly, context());
            }),
            win32::kClusterNetworkHasDependents);
  EXPECT_EQ(
      test::win32CodeOf([&] { backend->setClusterNetworkMetric("EXCLUSTER", "Cluster Network 2", 0, context()); }),
      win32::kInvalidParameter);
  EXPECT_EQ(test::win32CodeOf([&] { backend->renameClusterNetwork("NOCLUSTER", "Cluster Network 1", "X", context()); }),
            win32::kBadNetPath);

  backend->renameClusterNetwork("EXCLUSTER", "Cluster Network 2", "Private", context());
  backend->setClusterNetworkMetric("EXCLUSTER", "Private", 500, context());
  auto c = *backend->findCluster("EXCLUSTER", context());
  EXPECT_EQ(c.networks[1].name, "Private");
  EXPECT_EQ(c.networks[1].metric, 500u);
  EXPECT_FALSE(c.networks[1].autoMetric);
  EXPECT_EQ(backend->changeCount("renameClusterNetwork"), 1);
}

TEST_F(ClusterConfigTest, TheLastInternalNetworkCannotBeTurnedOff) {
  lab.findServer("EX-NODE1")->facts.adapters.pop_back();  // Public only
  lab.findServer("EX-NODE2")->facts.adapters.pop_back();
  createRunbookCluster();
  EXPECT_EQ(test::win32CodeOf([&] {
              backend->setClusterNetworkRole("EXCLUSTER", "Cluster Network 1", NetworkRole::None, context());
            }),
            win32::kClusterNetworkHasDependents);
  // Without the IP resource on it, the rule that remains is the last internal network.
  lab.findServer("EX-NODE1")
      ->facts.adapters.push_back({"Private", *Ipv4Address::parse("192.168.10.11"), 24, false, {}});
  lab.findServer("EX-NODE2")
      ->facts.adapters.push_back({"Private", *Ipv4Address::parse("192.168.10.12"), 24, false, {}});
  createRunbookCluster();
  backend->setClusterNetworkRole("EXCLUSTER", "Cluster Network 2", NetworkRole::None, context());
  EXPECT_EQ(test::win32CodeOf([&] {
              backend->setClusterNetworkRole("EXCLUSTER", "Cluster Network 1", NetworkRole::None, context());
            }),
            win32::kClusterNetworkHasDependents);
}

TEST_F(ClusterConfigTest, FileServerRules) {
  createRunbookCluster();
  EXPECT_FALSE(backend->getFolder("EX-HUB1", "C:\\FSM_MBX", context()));
  EXPECT_EQ(test::win32CodeOf([&] { backend->createFolder("EX-HUB1", "E:\\FSM_MBX", context()); }),
            win32::kPathNotFound);
  EXPECT_EQ(test::win32CodeOf([&] {
              backend->createShare("EX-HUB1", {"FSM_MBX", "C:\\FSM_MBX", {}}, context());
            }),
            win32::kUnknownDevDir);
  backend->createFolder("EX-HUB1", "C:\\FSM_MBX", context());
  EXPECT_EQ(test::win32CodeOf([&] { backend->createFolder("EX-HUB1", "C:\\FSM_MBX", context()); }),
            win32::kAlreadyExists);
  EXPECT_EQ(test::win32CodeOf([&] {
              backend->setFolderAcl("EX-HUB1", "C:\\FSM_MBX", {{"CONTOSO\\NOBODY$", Access::FullControl}}, context());
            }),
            win32::kNoneMapped);
  backend->createShare("EX-HUB1", {"FSM_MBX", "C:\\FSM_MBX", {{kAccount, Access::FullControl}}}, context());
  EXPECT_EQ(test::win32CodeOf([&] {
              backend->createShare("EX-HUB1", {"FSM_MBX", "C:\\FSM_MBX", {}}, context());
            }),
            win32::kDuplicateShare);
  EXPECT_EQ(test::win32CodeOf([&] { backend->setSharePermissions("EX-HUB1", "OTHER", {}, context()); }),
            win32::kNetNameNotFound);
  // The share grants the account, NTFS does not yet: no write.
  EXPECT_FALSE(backend->canWrite(kAccount, "EX-HUB1", "FSM_MBX", context()));
  auto acl = backend->getFolder("EX-HUB1", "C:\\FSM_MBX", context())->acl;
  acl.push_back({kAccount, Access::FullControl});
  backend->setFolderAcl("EX-HUB1", "C:\\FSM_MBX", acl, context());
  EXPECT_TRUE(backend->canWrite(kAccount, "EX-HUB1", "FSM_MBX", context()));
  EXPECT_EQ(test::win32CodeOf([&] { backend->canWrite(kAccount, "EX-HUB1", "NOSHARE", context()); }),
            win32::kBadNetName);
}

TEST_F(ClusterConfigTest, OnlyAnAdministratorOfTheFileServerMayChangeIt) {
  lab = readLabFile(test::labPath("exchange-ccr-lab-hub-denies-service-account.json"));
  createRunbookCluster();
  EXPECT_EQ(test::win32CodeOf([&] { backend->createFolder("EX-HUB1", "C:\\FSM_MBX", context()); }),
            win32::kAccessDenied);
  EXPECT_EQ(test::win32CodeOf([&] { backend->getShare("EX-HUB1", "FSM_MBX", context()); }), win32::kAccessDenied);
}

TEST_F(ClusterConfigTest, FileShareWitnessNeedsTheClusterAccountToWrite) {
  createRunbookCluster();
  prepareWitnessShare({{"Everyone", Access::Read}}, {{kAccount, Access::FullControl}});
  QuorumSettings fsw;
  fsw.mode = QuorumMode::NodeAndFileShareMajority;
  fsw.sharePath = "\\\\EX-HUB1\\FSM_MBX";
  EXPECT_EQ(test::win32CodeOf([&] { backend->setQuorum("EXCLUSTER", fsw, context()); }), win32::kAccessDenied);
  backend->setSharePermissions("EX-HUB1", "FSM_MBX", {{kAccount, Access::Change}}, context());
  EXPECT_EQ(test::win32CodeOf([&] { backend->setQuorum("EXCLUSTER", fsw, context()); }), 0u);
  auto q = backend->findCluster("EXCLUSTER", context())->quorum;
  EXPECT_EQ(q.mode, QuorumMode::NodeAndFileShareMajority);
  EXPECT_EQ(q.witnessType, WitnessType::FileShare);
  EXPECT_TRUE(q.witnessOnline);
  fsw.sharePath = "\\\\EX-HUB1\\MISSING";
  EXPECT_EQ(test::win32CodeOf([&] { backend->setQuorum("EXCLUSTER", fsw, context()); }), win32::kBadNetName);
}

TEST_F(ClusterConfigTest, DiskWitnessNeedsAnOnlineClusterDisk) {
  createRunbookCluster();
  QuorumSettings disk;
  disk.mode = QuorumMode::NodeAndDiskMajority;
  disk.disk = "Cluster Disk 1";
  EXPECT_EQ(test::win32CodeOf([&] { backend->setQuorum("EXCLUSTER", disk, context()); }), win32::kResourceNotFound);

  for (auto* node : {lab.findServer("EX-NODE1"), lab.findServer("EX-NODE2")}) node->facts.sharedDisks = {"LUN-QUORUM"};
  createRunbookCluster();
  EXPECT_EQ(test::win32CodeOf([&] { backend->setQuorum("EXCLUSTER", disk, context()); }), 0u);
  disk.mode = QuorumMode::DiskOnly;
  EXPECT_EQ(test::win32CodeOf([&] { backend->setQuorum("EXCLUSTER", disk, context()); }), 0u);
  EXPECT_EQ(backend->findCluster("EXCLUSTER", context())->quorum.witness, "Cluster Disk 1");
}

TEST_F(ClusterConfigTest, CloudWitnessNeedsWindows2016AndNeverStoresTheKey) {
  test::TempDir dir;
  QuorumSettings cloud;
  cloud.mode = QuorumMode::CloudWitness;
  cloud.cloudAccount = "contosowitness";
  cloud.cloudAccessKey = "c3VwZXItc2VjcmV0LWtleQ==";
  createRunbookCluster();
  EXPECT_EQ(test::win32CodeOf([&] { backend->setQuorum("EXCLUSTER", cloud, context()); }),
            win32::kClusterResourceTypeNotFound);

  for (auto& s : lab.servers) s.facts.os.version = "10.0.14393";
  SimulatedBackend modern(lab, dir.file("lab.json"), milliseconds(0));
  modern.createCluster(test::runbookClusterSpec(), context());
  modern.setQuorum("EXCLUSTER", cloud, context());
  EXPECT_EQ(modern.findCluster("EXCLUSTER", context())->quorum.witness, "contosowitness");
  std::ifstream in(dir.file("lab.json"));
  std::string state((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(state.find("c3VwZXItc2VjcmV0LWtleQ=="), std::string::npos);
}

TEST_F(ClusterConfigTest, AnAdDetachedClusterHasNoComputerAccount) {
  for (auto& s : lab.servers) s.facts.os.version = "10.0.17763";
  backend = std::make_unique<SimulatedBackend>(lab, "", milliseconds(0));
  ClusterSpec spec = test::runbookClusterSpec();
  spec.managementPoint = ManagementPoint::Dns;
  backend->createCluster(spec, context());
  EXPECT_TRUE(backend->findCluster("EXCLUSTER", context())->computerAccount.empty());
  EXPECT_EQ(test::win32CodeOf([&] {
              backend->createFolder("EX-HUB1", "C:\\FSM_MBX", context());
              backend->setFolderAcl("EX-HUB1", "C:\\FSM_MBX", {{kAccount, Access::FullControl}}, context());
            }),
            win32::kNoneMapped);
}

}  // namespace
}  // namespace cf::sim
