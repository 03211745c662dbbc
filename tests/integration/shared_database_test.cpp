// Several instances of the real binary on one PostgreSQL database and one
// shared simulated lab: any instance answers any request, the queue is one,
// and when the instance running a job is killed mid-step another finishes
// the job at its step once the lease lapses, without applying a change
// twice, losing a job or breaking a cluster's submit order.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <memory>
#include <set>

#include "tests/integration/job_polling.h"
#include "tests/integration/service_process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_lab.h"
#include "tests/support/test_postgres.h"

namespace cf::test {
namespace {

using nlohmann::json;

// The reference lab with two more pairs of nodes (EX-NODE3..6), so three
// runbooks on three clusters can run side by side.
std::string writeThreeClusterLab(const std::string& path) {
  auto lab = json::parse(std::ifstream(labPath("exchange-ccr-lab.json")));
  json more = json::array();
  for (const auto& server : lab["servers"]) {
    std::string name = server["name"];
    if (name != "EX-NODE1" && name != "EX-NODE2") continue;
    for (int pair = 1; pair <= 2; ++pair) {
      json copy = server;
      int number = (name == "EX-NODE1" ? 1 : 2) + 2 * pair;
      copy["name"] = "EX-NODE" + std::to_string(number);
      for (auto& adapter : copy["adapters"]) {
        std::string address = adapter["address"];
        adapter["address"] = address.substr(0, address.rfind('.') + 1) + std::to_string(10 + number);
      }
      more.push_back(copy);
    }
  }
  for (auto& server : more) lab["servers"].push_back(server);
  std::ofstream(path) << lab.dump(2);
  return path;
}

// The whole runbook for cluster `n` (1: the RUNBOOK's EXCLUSTER on EX-NODE1/2).
std::pair<std::string, json> runbookFor(int n) {
  json body = wholeRunbookRequest();
  if (n == 1) return {"EXCLUSTER", body};
  body["nodes"] = {"EX-NODE" + std::to_string(2 * n - 1), "EX-NODE" + std::to_string(2 * n)};
  body["staticAddresses"][0]["address"] = "10.0.0." + std::to_string(50 + n);
  body["quorum"]["fileShareWitness"] = {{"path", "\\\\EX-HUB1\\FSM_" + std::to_string(n)},
                                        {"prepare", {{"localPath", "C:\\FSM_" + std::to_string(n)}}}};
  return {"EXCL" + std::to_string(n), body};
}

class SharedDatabase : public ::testing::Test {
 protected:
  TempDir dir;
  TestPostgresDatabase database;
  std::string token;
  std::vector<std::unique_ptr<ServiceProcess>> instances;

  void startInstances(size_t count, int simDelayMs) {
    std::string lab = writeThreeClusterLab(dir.file("lab.json"));
    token = createToken(database.url(), "admin");
    for (size_t i = 0; i < count; ++i) {
      std::string dataDir = dir.file("instance-" + std::to_string(i));
      std::filesystem::create_directories(dataDir);
      auto instance = std::make_unique<ServiceProcess>(
          dataDir, std::vector<std::string>{"--database", database.url(), "--lab", lab, "--lab-state",
                                            dir.file("lab-state.json"), "--secret-key-file", dir.file("secret.key"),
                                            "--lease-seconds", "3", "--sim-delay-ms", std::to_string(simDelayMs),
                                            "--workers", "2"});
      instance->useToken(token);
      instance->start();
      instances.push_back(std::move(instance));
    }
  }
  HttpClient client(size_t i) const { return instances[i]->client(); }
  std::map<std::string, int64_t> changeCounters() const {
    auto state = json::parse(std::ifstream(dir.file("lab-state.json")));
    return state["changeCounters"].get<std::map<std::string, int64_t>>();
  }
};

TEST_F(SharedDatabase, AnyInstanceAnswersSubmitsReadsCancelsAndLongPolls) {
  startInstances(3, 1500);
  std::set<std::string> ids;
  for (size_t i = 0; i < 3; ++i) ids.insert(client(i).get("/readyz").json()["instance"].get<std::string>());
  EXPECT_EQ(ids.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {  // the dashboard's queue series, on every instance
    std::string metrics = client(i).get("/metrics").body;
    EXPECT_NE(metrics.find("clusterforge_oldest_queued_job_age_seconds "), std::string::npos) << metrics;
    EXPECT_NE(metrics.find("# TYPE clusterforge_job_queue_wait_seconds histogram"), std::string::npos);
  }
  auto listed = client(0).get("/v1/instances");
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.json()["items"].size(), 3u);

  auto runbook = client(0).put("/v1/clusters/EXCLUSTER", runbookFor(1).second.dump());
  ASSERT_EQ(runbook.status, 202) << runbook.body;
  std::string running = runbook.json()["id"];
  // The same request again waits behind the first: one job per cluster at a time.
  auto again = client(0).put("/v1/clusters/EXCLUSTER", runbookFor(1).second.dump());
  ASSERT_EQ(again.status, 202) << again.body;
  std::string queued = again.json()["id"];
  waitForJob(client(1), running, [](const json& job) { return job["status"] == "running"; });

  // A long-poll on instance 2 on the queued job, which nothing changes but
  // the cancel instance 1 is asked for: only a change made elsewhere wakes it.
  auto seen = client(2).get("/v1/jobs/" + queued);
  ASSERT_EQ(seen.status, 200);
  EXPECT_EQ(seen.json()["status"], "queued");
  auto started = std::chrono::steady_clock::now();
  auto parked = std::async(std::launch::async, [&] {
    return client(2).get("/v1/jobs/" + queued, {{"Prefer", "wait=20"}, {"If-None-Match", seen.header("etag")}});
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_EQ(client(1).post("/v1/jobs/" + queued + "/cancel").status, 202);
  auto woken = parked.get();
  EXPECT_EQ(woken.status, 200) << woken.body;
  EXPECT_EQ(woken.json()["cancelRequested"], true) << woken.body;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));

  // The running job is canceled from an instance that does not run it.
  ASSERT_EQ(client(1).post("/v1/jobs/" + running + "/cancel").status, 202);
  EXPECT_EQ(waitForFinish(client(2), running)["status"], "canceled");
  EXPECT_EQ(waitForFinish(client(0), queued)["status"], "canceled");
}

TEST_F(SharedDatabase, AKilledInstancesJobIsFinishedByAnotherWithoutRepeatingAChange) {
  // The reference: the same requests on one instance, nothing killed.
  std::map<std::string, int64_t> reference;
  {
    TempDir alone;
    std::string lab = writeThreeClusterLab(alone.file("lab.json"));
    ServiceProcess single(alone.path(), {"--lab", lab, "--sim-delay-ms", "0"});
    single.start();
    std::vector<std::string> jobs;
    for (int n = 1; n <= 3; ++n) {
      auto [name, body] = runbookFor(n);
      jobs.push_back(single.client().put("/v1/clusters/" + name, body.dump()).json()["id"]);
      jobs.push_back(single.client().put("/v1/clusters/" + name, body.dump()).json()["id"]);
    }
    for (const auto& id : jobs)
      ASSERT_EQ(waitForFinish(single.client(), id, std::chrono::seconds(60))["status"], "succeeded");
    reference =
        json::parse(std::ifstream(single.labStateFile()))["changeCounters"].get<std::map<std::string, int64_t>>();
  }

  startInstances(3, 300);
  std::vector<std::pair<std::string, std::string>> jobs;  // cluster, job id; per cluster in submit order
  for (int n = 1; n <= 3; ++n) {
    auto [name, body] = runbookFor(n);
    auto runbook = client(n % 3).put("/v1/clusters/" + name, body.dump());
    ASSERT_EQ(runbook.status, 202) << runbook.body;
    jobs.emplace_back(name, runbook.json()["id"]);
    // The same runbook again, on another instance: it runs after the first
    // and finds nothing left to change.
    auto again = client((n + 1) % 3).put("/v1/clusters/" + name, body.dump());
    ASSERT_EQ(again.status, 202) << again.body;
    jobs.emplace_back(name, again.json()["id"]);
  }

  // Kill, mid-step, the instance holding a runbook that has made progress.
  size_t victim = instances.size();
  std::string victimJob;
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (victim == instances.size() && std::chrono::steady_clock::now() < until) {
    // Kept whole: a range over a member of a temporary would dangle.
    json listed = client(0).get("/v1/instances").json();
    for (const auto& instance : listed["items"]) {
      for (const auto& held : instance["jobs"]) {
        auto job = client(0).get("/v1/jobs/" + held.get<std::string>()).json();
        if (job["kind"] != "cluster.apply" || job["progress"]["percent"].get<int>() < 20) continue;
        for (size_t i = 0; i < instances.size(); ++i) {
          if (client(i).get("/readyz").json()["instance"] == instance["id"]) victim = i;
        }
        victimJob = held;
      }
    }
    if (victim == instances.size()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_LT(victim, instances.size()) << "no instance got far enough into a runbook: "
                                      << client(0).get("/v1/instances").body << " "
                                      << client(0).get("/v1/jobs/" + jobs[0].second).body;
  instances[victim]->kill();
  size_t survivor = (victim + 1) % instances.size();

  std::map<std::string, json> finished;
  for (const auto& [cluster, id] : jobs) {
    finished[id] = waitForFinish(client(survivor), id, std::chrono::seconds(90));
    EXPECT_EQ(finished[id]["status"], "succeeded") << finished[id].dump();
  }
  // A job taken over says so and was started twice; every other job once:
  // none was run by two instances, one after the other or at once.
  auto resumedJob = [&](const std::string& id) {
    json events = client(survivor).get("/v1/jobs/" + id + "/events?limit=500").json()["items"];
    for (const auto& e : events) {
      if (e["message"].get<std::string>().find("resumes it at step") != std::string::npos) return true;
    }
    return false;
  };
  EXPECT_TRUE(resumedJob(victimJob));
  for (const auto& [cluster, id] : jobs) {
    EXPECT_EQ(finished[id]["attempt"], resumedJob(id) ? 2 : 1) << cluster << " " << finished[id].dump();
  }
  // Per cluster, the second request ran after the first finished, and changed nothing.
  for (size_t i = 0; i + 1 < jobs.size(); i += 2) {
    EXPECT_EQ(finished[jobs[i + 1].second]["result"]["changed"], false) << jobs[i].first;
    EXPECT_GE(finished[jobs[i + 1].second]["startedAt"].get<std::string>(),
              finished[jobs[i].second]["finishedAt"].get<std::string>())
        << jobs[i].first;
  }
  // Every change was applied as often as on the single instance: none twice.
  EXPECT_EQ(changeCounters(), reference);
  // The dead instance drops out of the list once its heartbeat is old.
  auto live = [&] { return client(survivor).get("/v1/instances").json()["items"].size(); };
  for (int i = 0; i < 100 && live() != 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(live(), 2u);
}

TEST(MigrateStore, MovesASqliteServicesJobsAndTokensIntoPostgresqlWhereTheServiceGoesOn) {
  TempDir dir;
  TestPostgresDatabase database;
  std::string lab = writeThreeClusterLab(dir.file("lab.json"));
  std::string old = dir.file("old"), fresh = dir.file("new");
  std::filesystem::create_directories(old);
  std::filesystem::create_directories(fresh);
  std::string token;
  std::vector<std::string> ids;
  std::map<std::string, size_t> eventCounts;
  {
    ServiceProcess service(old, {"--lab", lab, "--sim-delay-ms", "0"});
    service.start();
    token = service.adminToken();
    for (int n = 1; n <= 2; ++n) {
      auto [name, body] = runbookFor(n);
      ids.push_back(service.client().put("/v1/clusters/" + name, body.dump()).json()["id"]);
      ASSERT_EQ(waitForFinish(service.client(), ids.back())["status"], "succeeded");
      eventCounts[ids.back()] =
          service.client().get("/v1/jobs/" + ids.back() + "/events?limit=500").json()["items"].size();
    }
    ASSERT_EQ(service.terminate(), 0);
  }
  std::vector<std::string> move = {"migrate-store", "--from", "sqlite:" + old + "/clusterforge.db", "--to",
                                   database.url()};
  auto moved = runClusterforge(move);
  ASSERT_EQ(moved.exitCode, 0) << moved.output;
  EXPECT_NE(moved.output.find("jobs: 2 row(s)"), std::string::npos) << moved.output;
  EXPECT_NE(moved.output.find("tokens: 1 row(s)"), std::string::npos) << moved.output;
  auto again = runClusterforge(move);
  EXPECT_EQ(again.exitCode, 1) << again.output;
  EXPECT_NE(again.output.find("already holds jobs or tokens"), std::string::npos) << again.output;

  // The same token, jobs, events and order, on PostgreSQL; new jobs come after.
  ServiceProcess service(fresh, {"--database", database.url(), "--lab", lab, "--lab-state", old + "/simulated-lab.json",
                                 "--secret-key-file", old + "/secret.key", "--sim-delay-ms", "0"});
  service.useToken(token);
  service.start();
  for (const auto& id : ids) {
    auto job = service.client().get("/v1/jobs/" + id);
    ASSERT_EQ(job.status, 200) << job.body;
    EXPECT_EQ(job.json()["status"], "succeeded");
    EXPECT_EQ(service.client().get("/v1/jobs/" + id + "/events?limit=500").json()["items"].size(), eventCounts[id]);
  }
  auto [name, body] = runbookFor(3);
  std::string third = service.client().put("/v1/clusters/" + name, body.dump()).json()["id"];
  EXPECT_EQ(waitForFinish(service.client(), third)["status"], "succeeded");
  json listed = service.client().get("/v1/jobs?limit=10").json();
  ASSERT_EQ(listed["items"].size(), 3u);
  EXPECT_EQ(listed["items"][0]["id"], third);
  EXPECT_EQ(listed["items"][1]["id"], ids[1]);
  EXPECT_EQ(listed["items"][2]["id"], ids[0]);
  // The cluster the old service made is there, as the shared lab state has it.
  EXPECT_EQ(service.client().get("/v1/clusters/EXCLUSTER").status, 200);
}

// A PostgreSQL server of the test's own: the shared one must not go away.
class OwnPostgresServer {
 public:
  explicit OwnPostgresServer(const std::string& dir) : dir_(dir) {
    auto started = control("start");
    if (started.exitCode != 0) throw std::runtime_error("test-postgres.sh start failed: " + started.output);
    std::getline(std::ifstream(dir_ + "/url"), url_);
  }
  ~OwnPostgresServer() { control("stop"); }
  CommandResult control(const std::string& action) {
    return runShell(std::string(CLUSTERFORGE_SOURCE_DIR) + "/scripts/test-postgres.sh " + action + " '" + dir_ + "'");
  }
  std::string database() const { return url_ + "/postgres"; }

 private:
  std::string dir_;
  std::string url_;
};

TEST(PostgresqlOutage, AnInstanceSaysSoWhileItsDatabaseIsAwayAndFinishesTheJobAfter) {
  TempDir dir;
  // The server runs as the postgres account when the tests run as root.
  std::filesystem::permissions(dir.path(), std::filesystem::perms::all, std::filesystem::perm_options::add);
  OwnPostgresServer server(dir.file("pg"));
  std::string data = dir.file("data");
  std::filesystem::create_directories(data);
  ServiceProcess service(data, {"--database", server.database(), "--sim-delay-ms", "500", "--lease-seconds", "2"});
  service.useToken(createToken(server.database(), "admin"));
  service.start();
  auto submitted = service.client().put("/v1/clusters/EXCLUSTER", wholeRunbookRequest().dump());
  ASSERT_EQ(submitted.status, 202) << submitted.body;
  std::string id = submitted.json()["id"];
  waitForJob(service.client(), id, [](const json& job) { return job["progress"]["percent"].get<int>() >= 10; });

  ASSERT_EQ(server.control("pause").exitCode, 0);
  // Readiness is probed at most once a second, and tokens are cached as long.
  int status = 200;
  for (int i = 0; i < 40 && status == 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    status = service.client().get("/readyz").status;
  }
  EXPECT_EQ(status, 503);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ASSERT_EQ(server.control("resume").exitCode, 0);

  for (int i = 0; i < 150 && service.client().get("/readyz").status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(service.client().get("/readyz").status, 200);
  auto job = waitForFinish(service.client(), id, std::chrono::seconds(90));
  EXPECT_EQ(job["status"], "succeeded") << job.dump();
  EXPECT_EQ(service.changeCount("createCluster"), 1);
  // One line for the outage and one for the return, not one a second.
  std::ifstream log(service.logFile());
  std::string line;
  int heartbeatErrors = 0;
  while (std::getline(log, line)) heartbeatErrors += line.find("the heartbeat cannot reach") != std::string::npos;
  EXPECT_EQ(heartbeatErrors, 1);
}

}  // namespace
}  // namespace cf::test
