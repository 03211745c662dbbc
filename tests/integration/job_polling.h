// Polling helpers for integration tests: wait for a job to reach a state the
// way a portal would, through GET /v1/jobs/{id}.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "tests/integration/http_client.h"
#include "tests/support/test_lab.h"

namespace cf::test {

// Polls until `done(job)` holds; fails the test after `timeout`.
inline nlohmann::json waitForJob(HttpClient client, const std::string& id,
                                 const std::function<bool(const nlohmann::json&)>& done,
                                 std::chrono::seconds timeout = std::chrono::seconds(30)) {
  auto until = std::chrono::steady_clock::now() + timeout;
  nlohmann::json job;
  while (std::chrono::steady_clock::now() < until) {
    auto r = client.get("/v1/jobs/" + id);
    if (r.status == 200) {
      job = r.json();
      if (done(job)) return job;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "job " << id << " did not reach the expected state; last seen: " << job.dump();
  return job;
}

inline nlohmann::json waitForFinish(HttpClient client, const std::string& id,
                                    std::chrono::seconds timeout = std::chrono::seconds(30)) {
  return waitForJob(
      client, id,
      [](const nlohmann::json& j) {
        auto s = j["status"].get<std::string>();
        return s == "succeeded" || s == "failed" || s == "canceled";
      },
      timeout);
}

inline bool stepIsRunning(const nlohmann::json& job, const std::string& step) {
  for (const auto& s : job["progress"]["steps"]) {
    if (s["name"] == step && s["status"] == "running") return true;
  }
  return false;
}

// Submits the runbook's cluster and returns its job id once the createCluster
// step is running (a service with a slow --sim-delay-ms stays in it).
inline std::string createClusterAndWaitUntilItRuns(HttpClient client) {
  auto id = client.put("/v1/clusters/EXCLUSTER", runbookClusterBody()).json()["id"].get<std::string>();
  waitForJob(client, id, [](const nlohmann::json& j) { return stepIsRunning(j, "createCluster"); });
  return id;
}

}  // namespace cf::test
