// The CLI verbs of the binary against a running service: `apply` drives the
// whole runbook and shows each step, fails non-zero with the problem on a lab
// where validation fails, and `get`, `wait`, `report` and `cancel` do what an
// operator would otherwise do with curl. Exit codes: 0 done, 1 failed or
// refused, 2 bad command line, 3 unreachable.
#include <fstream>

#include "tests/integration/job_polling.h"
#include "tests/integration/service_test.h"

namespace cf::test {
namespace {

using nlohmann::json;

class CliTest : public ServiceTest {
 protected:
  // Runs `clusterforge ARGS` with the server and token in the environment.
  CommandResult cli(const std::string& args) {
    return runShell("CLUSTERFORGE_SERVER=http://127.0.0.1:" + std::to_string(service->port()) +
                    " CLUSTERFORGE_TOKEN=" + service->adminToken() + " " + CLUSTERFORGE_BINARY + " " + args);
  }

  std::string runbookFile() {
    json body = wholeRunbookRequest();
    body["name"] = "EXCLUSTER";
    std::ofstream(dir.file("runbook.json")) << body.dump(2);
    return dir.file("runbook.json");
  }
};

TEST_F(CliTest, ApplyDrivesTheWholeRunbookAndTheOtherVerbsReadWhatItDid) {
  start();
  auto applied = cli("apply " + runbookFile());
  ASSERT_EQ(applied.exitCode, 0) << applied.output;
  // Not a terminal: plain lines, one per step as it changes. (A step that
  // ran between two answers shows only as succeeded.)
  for (const char* line : {"applying cluster EXCLUSTER: job ", "step validateBefore: succeeded",
                           "step createCluster: succeeded", "step verifyQuorum: succeeded", "succeeded, 100%"}) {
    EXPECT_NE(applied.output.find(line), std::string::npos) << line << "\n" << applied.output;
  }
  EXPECT_EQ(applied.output.find("\x1b["), std::string::npos) << "no cursor movement outside a terminal";
  EXPECT_EQ(applied.output.find(service->adminToken()), std::string::npos);

  auto clusters = cli("get clusters");
  ASSERT_EQ(clusters.exitCode, 0) << clusters.output;
  EXPECT_NE(clusters.output.find("NAME"), std::string::npos);
  EXPECT_NE(clusters.output.find("EXCLUSTER  EX-NODE1, EX-NODE2  10.0.0.50"), std::string::npos) << clusters.output;

  auto cluster = cli("get cluster EXCLUSTER");
  ASSERT_EQ(cluster.exitCode, 0) << cluster.output;
  EXPECT_NE(cluster.output.find("Public"), std::string::npos) << cluster.output;
  EXPECT_NE(cluster.output.find("\\\\EX-HUB1\\FSM_MBX"), std::string::npos) << cluster.output;

  auto jobs = cli("get jobs -o json");
  ASSERT_EQ(jobs.exitCode, 0) << jobs.output;
  auto items = json::parse(jobs.output)["items"];
  ASSERT_EQ(items.size(), 1u);
  std::string id = items[0]["id"];

  auto job = cli("get job " + id);
  EXPECT_EQ(job.exitCode, 0);
  EXPECT_NE(job.output.find("step setQuorum: succeeded"), std::string::npos) << job.output;
  auto waited = cli("wait " + id);
  EXPECT_EQ(waited.exitCode, 0) << waited.output;

  auto report = cli("report " + id + "-after");
  EXPECT_EQ(report.exitCode, 0) << report.output;
  EXPECT_NE(report.output.find("report " + id + "-after: suitable (passed 19"), std::string::npos) << report.output;
  auto html = cli("report " + id + "-after --html " + dir.file("report.html"));
  EXPECT_EQ(html.exitCode, 0) << html.output;
  std::ifstream page(dir.file("report.html"));
  std::string first;
  std::getline(page, first);
  EXPECT_NE(first.find("<!DOCTYPE html>"), std::string::npos) << first;
}

TEST_F(CliTest, ApplyFailsWithTheProblemWhenValidationFails) {
  start({"--lab", labPath("exchange-ccr-lab-node2-sp2.json")});
  auto applied = cli("apply " + runbookFile());
  EXPECT_EQ(applied.exitCode, 1) << applied.output;
  EXPECT_NE(applied.output.find("failed: "), std::string::npos) << applied.output;
  EXPECT_NE(applied.output.find("[step validateBefore]"), std::string::npos) << applied.output;
}

TEST_F(CliTest, RefusalsBadCommandLinesAndAnAbsentServiceEachHaveTheirExitCode) {
  start();
  std::ofstream(dir.file("bad.json")) << R"({"name": "EXCLUSTER", "nodes": ["EX-NODE1", "not a name!"]})";
  auto refused = cli("apply " + dir.file("bad.json"));
  EXPECT_EQ(refused.exitCode, 1) << refused.output;
  EXPECT_NE(refused.output.find("answered 422"), std::string::npos) << refused.output;
  EXPECT_NE(refused.output.find("#/nodes/1"), std::string::npos) << refused.output;

  EXPECT_EQ(cli("get everything").exitCode, 2);
  EXPECT_EQ(cli("apply").exitCode, 2);
  EXPECT_EQ(cli("apply " + dir.file("missing.json")).exitCode, 2);
  EXPECT_EQ(runClusterforge({"get", "jobs"}).exitCode, 2) << "no server named";
  auto absent = runClusterforge({"get", "jobs", "--server", "http://127.0.0.1:" + std::to_string(freeLoopbackPort())});
  EXPECT_EQ(absent.exitCode, 3) << absent.output;
  auto noToken = runClusterforge({"get", "jobs", "--server", "http://127.0.0.1:" + std::to_string(service->port())});
  EXPECT_EQ(noToken.exitCode, 1);
  EXPECT_NE(noToken.output.find("answered 401"), std::string::npos) << noToken.output;
}

TEST_F(CliTest, CancelStopsAJobAndWaitSaysItWasCanceled) {
  start({"--sim-delay-ms", "2000"});
  auto client = service->client();
  std::string id = createClusterAndWaitUntilItRuns(client);
  auto canceled = cli("cancel " + id);
  EXPECT_EQ(canceled.exitCode, 0) << canceled.output;
  EXPECT_NE(canceled.output.find("cancel requested: job " + id), std::string::npos) << canceled.output;
  auto waited = cli("wait " + id);
  EXPECT_EQ(waited.exitCode, 1) << waited.output;
  EXPECT_NE(waited.output.find("job " + id + " canceled"), std::string::npos) << waited.output;
}

}  // namespace
}  // namespace cf::test
