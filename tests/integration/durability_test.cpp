// A crash, kill or restart loses no accepted job and never repeats a
// completed change.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "tests/integration/job_polling.h"
#include "tests/integration/service_process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_lab.h"

namespace cf::test {
namespace {

bool hasEventContaining(HttpClient client, const std::string& id, const std::string& text) {
  auto events = client.get("/v1/jobs/" + id + "/events").json();
  for (const auto& e : events["items"]) {
    if (e["message"].get<std::string>().find(text) != std::string::npos) return true;
  }
  return false;
}

// Submits are committed in groups: a 202 is sent only once its group is on
// disk, so a kill right after a burst of them loses none.
TEST(Durability, EveryJobAcknowledgedInABurstOfConcurrentSubmitsSurvivesAKill) {
  TempDir dir;
  std::mutex mutex;
  std::vector<std::string> acknowledged;
  {
    ServiceProcess service(dir.path(), {"--sim-delay-ms", "60000"});
    service.start();
    std::vector<std::thread> clients;
    for (int c = 0; c < 8; ++c) {
      clients.emplace_back([&] {
        auto client = service.client();
        for (int i = 0; i < 25; ++i) {
          auto r = client.post("/v1/validations", R"({"nodes":["EX-NODE1","EX-NODE2"]})");
          if (r.status != 202) continue;
          std::lock_guard<std::mutex> lock(mutex);
          acknowledged.push_back(r.json()["id"].get<std::string>());
        }
      });
    }
    for (auto& t : clients) t.join();
    service.kill();
  }
  ASSERT_EQ(acknowledged.size(), 200u);
  // Each 202 is on record in the audit trail too: it commits with its job.
  {
    SQLite::Database db(dir.file("clusterforge.db"), SQLite::OPEN_READONLY);
    SQLite::Statement audited(db, "SELECT COUNT(*) FROM audit WHERE status = 202 AND job_id = ?");
    for (const auto& id : acknowledged) {
      audited.bind(1, id);
      ASSERT_TRUE(audited.executeStep());
      EXPECT_EQ(audited.getColumn(0).getInt(), 1) << id;
      audited.reset();
    }
  }
  ServiceProcess restarted(dir.path(), {"--sim-delay-ms", "60000"});
  restarted.start();
  auto client = restarted.client();
  for (const auto& id : acknowledged) EXPECT_EQ(client.get("/v1/jobs/" + id).status, 200) << id;
}

TEST(Durability, KillDuringASlowCreateThenRestartCreatesTheClusterExactlyOnce) {
  TempDir dir;
  std::string id;
  {
    ServiceProcess service(dir.path(), {"--sim-delay-ms", "5000"});
    service.start();
    auto client = service.client();
    id = createClusterAndWaitUntilItRuns(client);
    service.kill();
  }
  ServiceProcess restarted(dir.path(), {"--sim-delay-ms", "100"});
  restarted.start();
  auto client = restarted.client();
  auto job = waitForFinish(client, id);
  ASSERT_EQ(job["status"], "succeeded") << job.dump(2);
  EXPECT_EQ(job["attempt"], 2);
  EXPECT_TRUE(hasEventContaining(client, id, "resuming at step createCluster"));
  EXPECT_EQ(restarted.changeCount("createCluster"), 1);
  EXPECT_EQ(client.get("/v1/clusters/EXCLUSTER").status, 200);
}

TEST(Durability, AKilledServiceRestartedOnTheSameDataSeesWhatItCreated) {
  TempDir dir;
  std::string id;
  {
    ServiceProcess service(dir.path(), {"--sim-delay-ms", "0"});
    service.start();
    auto client = service.client();
    id = client.put("/v1/clusters/EXCLUSTER", runbookClusterBody()).json()["id"].get<std::string>();
    waitForFinish(client, id);
    service.kill();
  }
  ServiceProcess restarted(dir.path(), {"--sim-delay-ms", "0"});
  restarted.start();
  auto client = restarted.client();
  auto again = waitForFinish(client, client.put("/v1/clusters/EXCLUSTER", runbookClusterBody()).json()["id"]);
  EXPECT_EQ(again["status"], "succeeded");
  EXPECT_EQ(again["result"]["changed"], false);
  EXPECT_EQ(restarted.changeCount("createCluster"), 1);
  EXPECT_EQ(client.get("/v1/jobs/" + id).json()["status"], "succeeded");
}

TEST(Durability, EveryAcceptedJobSurvivesAKillBeforeItRuns) {
  TempDir dir;
  std::vector<std::string> ids;
  {
    ServiceProcess service(dir.path(), {"--sim-delay-ms", "3000"});
    service.start();
    auto client = service.client();
    for (int i = 0; i < 3; ++i) {
      auto r = client.put("/v1/clusters/EXCLUSTER", runbookClusterBody());
      ASSERT_EQ(r.status, 202);
      ids.push_back(r.json()["id"]);
    }
    service.kill();
  }
  ServiceProcess restarted(dir.path(), {"--sim-delay-ms", "0"});
  restarted.start();
  auto client = restarted.client();
  for (const auto& id : ids) EXPECT_EQ(waitForFinish(client, id)["status"], "succeeded") << id;
  EXPECT_EQ(restarted.changeCount("createCluster"), 1);
}

TEST(Durability, SigtermStopsAtACheckpointExitsZeroAndTheJobResumes) {
  TempDir dir;
  std::string id;
  {
    ServiceProcess service(dir.path(), {"--sim-delay-ms", "20000"});
    service.start();
    auto client = service.client();
    id = createClusterAndWaitUntilItRuns(client);
    auto started = std::chrono::steady_clock::now();
    int status = service.terminate();
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    // A checkpoint, not the end of the 20 s operation.
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  }
  ServiceProcess restarted(dir.path(), {"--sim-delay-ms", "0"});
  restarted.start();
  auto client = restarted.client();
  auto job = waitForFinish(client, id);
  EXPECT_EQ(job["status"], "succeeded");
  EXPECT_TRUE(hasEventContaining(client, id, "interrupted by service shutdown"));
  EXPECT_EQ(restarted.changeCount("createCluster"), 1);
}

TEST(Durability, AnIdempotencyKeyClaimedWhenTheServiceDiedIsResolvedOnRestart) {
  TempDir dir;
  const std::map<std::string, std::string> json = {{"Content-Type", "application/json"}};
  auto put = [&](HttpClient client, const std::string& key) {
    auto headers = json;
    headers["Idempotency-Key"] = key;
    return client.request("PUT", "/v1/clusters/EXCLUSTER", runbookClusterBody(), headers);
  };
  std::string created, lost;
  {
    ServiceProcess service(dir.path(), {"--sim-delay-ms", "0"});
    service.start();
    created = put(service.client(), "stored-then-died").json()["id"];
    lost = put(service.client(), "died-before-storing").json()["id"];
    service.kill();
  }
  {
    // What a crash between claiming a key and answering leaves: the claim
    // unfinished, with the job stored (the first) or not yet (the second).
    SQLite::Database db(dir.file("clusterforge.db"), SQLite::OPEN_READWRITE);
    db.exec("UPDATE idempotency_keys SET finished = 0, status = 0, body = '', headers = '[]'");
    SQLite::Statement events(db, "DELETE FROM job_events WHERE job_id = ?");
    events.bind(1, lost);
    events.exec();
    SQLite::Statement job(db, "DELETE FROM jobs WHERE id = ?");
    job.bind(1, lost);
    job.exec();
  }
  ServiceProcess restarted(dir.path(), {"--sim-delay-ms", "0"});
  restarted.start();
  auto replay = put(restarted.client(), "stored-then-died");
  EXPECT_EQ(replay.status, 202) << replay.body;
  EXPECT_EQ(replay.json()["id"], created);  // the job its request created, not a second one
  EXPECT_EQ(replay.header("idempotent-replayed"), "true");

  auto afresh = put(restarted.client(), "died-before-storing");
  EXPECT_EQ(afresh.status, 202) << afresh.body;
  EXPECT_NE(afresh.json()["id"], lost);
  EXPECT_EQ(afresh.header("idempotent-replayed"), "");
  EXPECT_EQ(put(restarted.client(), "died-before-storing").json()["id"], afresh.json()["id"]);
}

}  // namespace
}  // namespace cf::test
