// Checks that fail before they hurt, against the real binary: the whole
// runbook stops in its first cluster step, having changed nothing on the
// cluster side, when the service account may not create the cluster name
// object (unless one is prestaged) or when the witness server lacks the
// administrative share its folder is prepared through.
#include <fstream>

#include "tests/integration/job_polling.h"
#include "tests/integration/service_test.h"

namespace cf::test {
namespace {

using nlohmann::json;

class PrerequisiteChecksTest : public ServiceTest {
 protected:
  // Starts on the reference lab as `change` leaves it.
  void startOn(const std::function<void(json&)>& change) {
    auto lab = json::parse(std::ifstream(labPath("exchange-ccr-lab.json")));
    change(lab);
    std::ofstream(dir.file("lab.json")) << lab.dump();
    start({"--lab", dir.file("lab.json")});
  }

  json runWholeRunbook() {
    auto client = service->client();
    auto accepted = client.put("/v1/clusters/EXCLUSTER", wholeRunbookRequest().dump());
    EXPECT_EQ(accepted.status, 202) << accepted.body;
    return waitForFinish(client, accepted.json()["id"]);
  }

  json changeCounters() { return json::parse(std::ifstream(service->labStateFile()))["changeCounters"]; }
};

void setOnServer(json& lab, const std::string& name, const std::string& field, const json& value) {
  for (auto& server : lab["servers"]) {
    if (server["name"] == name) server[field] = value;
  }
}

// The detail of a job stopped by checkNodes with that Win32 error, before any change.
std::string stoppedByCheckNodes(const json& job, const std::string& win32Name) {
  EXPECT_EQ(job["status"], "failed") << job.dump(2);
  EXPECT_EQ(job["error"]["step"], "checkNodes");
  EXPECT_EQ(job["error"]["win32"]["name"], win32Name);
  return job["error"].value("detail", "");
}

TEST_F(PrerequisiteChecksTest, WithoutTheRightToCreateComputerObjectsTheRunbookStopsBeforeCreating) {
  startOn([](json& lab) { lab["serviceAccountCreatesComputerObjects"] = false; });
  std::string detail = stoppedByCheckNodes(runWholeRunbook(), "ERROR_ACCESS_DENIED");
  EXPECT_NE(detail.find("Create Computer objects"), std::string::npos) << detail;
  EXPECT_NE(detail.find("prestage a disabled computer object EXCLUSTER"), std::string::npos) << detail;
  EXPECT_EQ(changeCounters().value("createCluster", 0), 0);
}

TEST_F(PrerequisiteChecksTest, APrestagedDisabledNameObjectIsTakenWithoutThatRight) {
  startOn([](json& lab) {
    lab["serviceAccountCreatesComputerObjects"] = false;
    lab["disabledComputerObjects"] = {"EXCLUSTER"};
  });
  auto job = runWholeRunbook();
  ASSERT_EQ(job["status"], "succeeded") << job.dump(2);
  EXPECT_EQ(job["result"]["computerAccount"], json({{"name", "EXCLUSTER"}, {"prestaged", true}}));
  auto cluster = service->client().get("/v1/clusters/EXCLUSTER").json();
  EXPECT_EQ(cluster["computerAccount"], "CONTOSO\\EXCLUSTER$");
}

TEST_F(PrerequisiteChecksTest, AWitnessServerWithoutItsAdminShareStopsTheRunbookFirst) {
  startOn([](json& lab) { setOnServer(lab, "EX-HUB1", "adminShares", false); });
  std::string detail = stoppedByCheckNodes(runWholeRunbook(), "ERROR_BAD_NET_NAME");
  EXPECT_NE(detail.find("\\\\EX-HUB1\\C$"), std::string::npos) << detail;
  EXPECT_NE(detail.find("AutoShareServer"), std::string::npos) << detail;
  EXPECT_EQ(changeCounters().value("createCluster", 0), 0);
  EXPECT_EQ(changeCounters().value("createFolder", 0), 0);
}

}  // namespace
}  // namespace cf::test
