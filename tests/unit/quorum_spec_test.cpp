#include <gtest/gtest.h>

#include "orchestration/specs/quorum_spec.h"
#include "service/aes_gcm_secret_box.h"
#include "tests/support/temp_dir.h"

namespace cf {
namespace {

using nlohmann::json;

QuorumSpecParse parse(const std::string& body) { return parseQuorumSpec("excluster", json::parse(body)); }

std::vector<std::string> pointers(const QuorumSpecParse& p) {
  std::vector<std::string> out;
  for (const auto& e : p.errors) out.push_back(e.where);
  return out;
}

TEST(QuorumSpec, EachModeWithItsSection) {
  auto fsw = parse(R"({"mode":"nodeAndFileShareMajority",
                       "fileShareWitness":{"path":"\\\\ex-hub1\\FSM_MBX","prepare":{"localPath":"C:\\FSM_MBX"}}})");
  ASSERT_TRUE(fsw.spec);
  EXPECT_EQ(fsw.spec->cluster, "EXCLUSTER");
  EXPECT_EQ(fsw.spec->settings.sharePath, "\\\\EX-HUB1\\FSM_MBX");
  EXPECT_EQ(fsw.spec->prepareLocalPath, "C:\\FSM_MBX");
  EXPECT_TRUE(parse(R"({"mode":"nodeMajority"})").spec);
  EXPECT_EQ(parse(R"({"mode":"nodeAndDiskMajority","diskWitness":{"disk":"Cluster Disk 1"}})").spec->settings.disk,
            "Cluster Disk 1");
  EXPECT_EQ(parse(R"({"mode":"diskOnly","disk":"Cluster Disk 1"})").spec->settings.disk, "Cluster Disk 1");
  auto cloud =
      parse(R"({"mode":"cloudWitness","cloudWitness":{"accountName":"contosowitness","accessKey":"c2VjcmV0"}})");
  ASSERT_TRUE(cloud.spec);
  EXPECT_EQ(cloud.spec->settings.cloudAccessKey, "c2VjcmV0");
}

TEST(QuorumSpec, RefusesMissingAndForeignSections) {
  EXPECT_EQ(pointers(parse(R"({"mode":"nodeAndFileShareMajority"})")), (std::vector<std::string>{"/fileShareWitness"}));
  EXPECT_EQ(pointers(parse(R"({"mode":"nodeMajority","disk":"Cluster Disk 1"})")), (std::vector<std::string>{"/disk"}));
  EXPECT_EQ(pointers(parse(R"({"mode":"diskOnly"})")), (std::vector<std::string>{"/disk"}));
  EXPECT_EQ(pointers(parse(R"({"mode":"nodeAndDiskMajority","diskWitness":{}})")),
            (std::vector<std::string>{"/diskWitness/disk"}));
  EXPECT_EQ(pointers(parse(R"({"mode":"majority"})")), (std::vector<std::string>{"/mode"}));
  EXPECT_EQ(pointers(parse(R"({})")), (std::vector<std::string>{"/mode"}));
}

TEST(QuorumSpec, RefusesAPathThatIsNotAShare) {
  auto p = parse(R"({"mode":"nodeAndFileShareMajority","fileShareWitness":{"path":"C:\\FSM_MBX",
                     "prepare":{"localPath":"FSM_MBX"},"extra":1}})");
  EXPECT_EQ(pointers(p), (std::vector<std::string>{"/fileShareWitness/path", "/fileShareWitness/prepare/localPath",
                                                   "/fileShareWitness/extra"}));
}

TEST(QuorumSpec, ValidatesTheCloudWitnessWithoutEchoingTheKey) {
  auto p = parse(R"({"mode":"cloudWitness","cloudWitness":{"accountName":"Bad_Name","accessKey":"not base64!",
                     "endpoint":"-bad"}})");
  EXPECT_EQ(pointers(p), (std::vector<std::string>{"/cloudWitness/accountName", "/cloudWitness/accessKey",
                                                   "/cloudWitness/endpoint"}));
  for (const auto& e : p.errors) EXPECT_EQ(e.detail.find("not base64!"), std::string::npos);
}

TEST(QuorumSpec, TheStoredFormKeepsTheKeySealed) {
  test::TempDir dir;
  service::AesGcmSecretBox secrets(dir.file("key"));
  auto p = parse(
      R"({"mode":"cloudWitness","cloudWitness":{"accountName":"contosowitness","accessKey":"c2VjcmV0LWtleQ=="}})");
  ASSERT_TRUE(p.spec);
  json stored = toStored(*p.spec, secrets);
  EXPECT_EQ(stored.dump().find("c2VjcmV0LWtleQ=="), std::string::npos);
  QuorumSpec back = quorumSpecFromStored(stored);
  EXPECT_EQ(secrets.open(back.settings.cloudAccessKey), "c2VjcmV0LWtleQ==");
  EXPECT_EQ(back.settings.cloudEndpoint, "core.windows.net");
}

TEST(QuorumSpec, WarnsWhereWindowsWould) {
  EXPECT_EQ(quorumWarnings(QuorumMode::NodeMajority, 2).size(), 1u);
  EXPECT_TRUE(quorumWarnings(QuorumMode::NodeMajority, 3).empty());
  EXPECT_TRUE(quorumWarnings(QuorumMode::NodeAndFileShareMajority, 2).empty());
  EXPECT_EQ(quorumWarnings(QuorumMode::DiskOnly, 3).size(), 1u);
}

TEST(AesGcmSecretBox, SealsOpensAndDetectsTampering) {
  test::TempDir dir;
  service::AesGcmSecretBox box(dir.file("key"));
  std::string sealed = box.seal("the access key");
  EXPECT_EQ(sealed.find("the access key"), std::string::npos);
  EXPECT_NE(box.seal("the access key"), sealed);  // a fresh nonce each time
  EXPECT_EQ(box.open(sealed), "the access key");
  service::AesGcmSecretBox reopened(dir.file("key"));
  EXPECT_EQ(reopened.open(sealed), "the access key");

  std::string tampered = sealed;
  tampered[10] = tampered[10] == 'A' ? 'B' : 'A';
  EXPECT_THROW(box.open(tampered), SecretUnavailable);
  service::AesGcmSecretBox other(dir.file("other-key"));
  EXPECT_THROW(other.open(sealed), SecretUnavailable);
  EXPECT_THROW(box.open("plain text"), SecretUnavailable);
}

}  // namespace
}  // namespace cf
