#include <gtest/gtest.h>

#include <spdlog/sinks/null_sink.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "orchestration/backends/simulated/simulated_backend.h"
#include "orchestration/model/cluster_json.h"
#include "orchestration/jobs/job_runner.h"
#include "orchestration/specs/cluster_apply_spec.h"
#include "orchestration/specs/cluster_spec.h"
#include "orchestration/specs/node_preparation_spec.h"
#include "orchestration/workflows/standard_catalog.h"
#include "orchestration/model/win32_error.h"
#include "service/aes_gcm_secret_box.h"
#include "storage/sqlite_job_store.h"
#include "storage/sqlite_report_store.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_lab.h"

namespace cf {
namespace {

using std::chrono::milliseconds;

// Raises `flag` from another thread after `delay`; join the returned thread.
std::thread raiseAfter(const std::shared_ptr<StopFlag>& flag, milliseconds delay) {
  return std::thread([flag, delay] {
    std::this_thread::sleep_for(delay);
    flag->raise();
  });
}

std::shared_ptr<spdlog::logger> quietLogger() {
  return std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
}

class JobRunnerTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  std::unique_ptr<storage::SqliteJobStore> store = storage::SqliteJobStore::open(dir.file("jobs.db"));
  sim::Lab lab = test::referenceLab();
  std::unique_ptr<sim::SimulatedBackend> backend;
  service::AesGcmSecretBox secrets{dir.file("secret.key")};
  std::unique_ptr<storage::SqliteReportStore> reports = storage::SqliteReportStore::open(dir.file("jobs.db"));
  WorkflowCatalog catalog = standardCatalog(secrets, *reports);
  RetryPolicy retry{3, milliseconds(5), milliseconds(20)};

  void useBackend(milliseconds latency = milliseconds(0)) {
    backend = std::make_unique<sim::SimulatedBackend>(lab, "", latency);
  }

  Job submit(const ClusterSpec& spec = test::runbookClusterSpec()) {
    Job job = newJobOf(*catalog.find(kClusterCreateKind), "job-" + std::to_string(++counter_), spec.name,
                       toStored(spec), "t0");
    store->insert(job, {});
    return job;
  }

  Job run(const Job& job, std::shared_ptr<StopFlag> cancel = std::make_shared<StopFlag>(),
          std::shared_ptr<StopFlag> shutdown = std::make_shared<StopFlag>()) {
    if (!backend) useBackend();
    JobRunner runner(*store, *backend, catalog, retry, quietLogger());
    runner.run(*store->find(job.id), cancel, shutdown);
    return *store->find(job.id);
  }

  std::vector<std::string> messages(const Job& job) {
    std::vector<std::string> out;
    for (const auto& e : store->events(job.id, 0, 1000)) out.push_back(e.message);
    return out;
  }

 private:
  int counter_ = 0;
};

TEST_F(JobRunnerTest, CreatesTheClusterAndRecordsTheResult) {
  Job done = run(submit());
  EXPECT_EQ(done.status, JobStatus::Succeeded);
  EXPECT_EQ(done.percent, 100);
  EXPECT_EQ(done.result["changed"], true);
  EXPECT_EQ(done.result["cluster"]["nodes"].size(), 2u);
  for (const auto& step : done.steps) EXPECT_EQ(step.status, StepStatus::Succeeded) << step.name;
  EXPECT_EQ(backend->changeCount("createCluster"), 1);
  EXPECT_EQ(messages(done).front(), "started");
  EXPECT_EQ(messages(done).back(), "succeeded");
}

TEST_F(JobRunnerTest, ABackendWarningBecomesAWarningEventOfItsStep) {
  Job done = run(submit());  // the reference lab's nodes share no disk (CCR)
  EXPECT_EQ(done.status, JobStatus::Succeeded);
  auto events = store->events(done.id, 0, 1000);
  bool warned = std::any_of(events.begin(), events.end(), [](const JobEvent& e) {
    return e.level == EventLevel::Warning && e.step == "createCluster" &&
           e.message.find("no disk that every node sees") != std::string::npos;
  });
  EXPECT_TRUE(warned);
}

TEST_F(JobRunnerTest, PercentNeverGoesBackWithinAStep) {
  // Installing on two nodes is two backend calls in one step, each reporting 0-100%.
  useBackend(milliseconds(300));
  NodePreparationSpec prep{{"EX-NODE1", "EX-NODE2"}, {"PowerShell", "Web-Server"}, std::nullopt, false, ""};
  Job job = newJobOf(*catalog.find(kPrepareNodesKind), "prep-1", "", toStored(prep), "t0");
  store->insert(job, {});
  std::vector<int> seen;
  std::atomic<bool> done{false};
  std::thread watcher([&] {
    while (!done) {
      seen.push_back(store->find(job.id)->percent);
      std::this_thread::sleep_for(milliseconds(5));
    }
  });
  EXPECT_EQ(run(job).status, JobStatus::Succeeded);
  done = true;
  watcher.join();
  EXPECT_GT(seen.size(), 20u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
}

TEST_F(JobRunnerTest, ASecondRunOfTheSameSpecChangesNothing) {
  run(submit());
  Job second = run(submit());
  EXPECT_EQ(second.status, JobStatus::Succeeded);
  EXPECT_EQ(second.result["changed"], false);
  EXPECT_EQ(backend->changeCount("createCluster"), 1);
}

TEST_F(JobRunnerTest, RetriesATransientErrorThenSucceeds) {
  lab.faults.push_back({"createCluster", "EXCLUSTER", win32::kRpcServerUnavailable, 1});
  Job done = run(submit());
  EXPECT_EQ(done.status, JobStatus::Succeeded);
  auto all = messages(done);
  bool retried = std::any_of(all.begin(), all.end(), [](const std::string& m) {
    return m.find("transient error RPC_S_SERVER_UNAVAILABLE (1722)") != std::string::npos &&
           m.find("attempt 2 of 3") != std::string::npos;
  });
  EXPECT_TRUE(retried);
  EXPECT_EQ(backend->changeCount("createCluster"), 1);
}

TEST_F(JobRunnerTest, GivesUpOnATransientErrorAfterTheBoundedAttempts) {
  lab.faults.push_back({"createCluster", "*", win32::kRpcServerUnavailable, -1});
  Job done = run(submit());
  EXPECT_EQ(done.status, JobStatus::Failed);
  EXPECT_EQ(done.error["win32"]["code"], win32::kRpcServerUnavailable);
  EXPECT_NE(done.error["detail"].get<std::string>().find("gave up after 3 attempts"), std::string::npos);
}

TEST_F(JobRunnerTest, APermanentErrorFailsTheJobAtItsStepWithTheWin32Code) {
  lab = sim::readLabFile(test::labPath("exchange-ccr-lab-node2-without-clustering.json"));
  Job done = run(submit());
  EXPECT_EQ(done.status, JobStatus::Failed);
  EXPECT_EQ(done.error["code"], "backendError");
  EXPECT_EQ(done.error["step"], "checkNodes");
  EXPECT_EQ(done.error["win32"]["code"], win32::kClusterNodeNotReady);
  EXPECT_EQ(done.error["win32"]["name"], "ERROR_CLUSTER_NODE_NOT_READY");
  EXPECT_NE(done.error["detail"].get<std::string>().find("EX-NODE2"), std::string::npos);
  EXPECT_EQ(done.steps[0].status, StepStatus::Failed);
  EXPECT_EQ(done.steps[1].status, StepStatus::Pending);
  EXPECT_FALSE(done.finishedAt.empty());
}

TEST_F(JobRunnerTest, AnExistingClusterWithOtherNodesIsAConflict) {
  run(submit());
  ClusterSpec other = test::runbookClusterSpec();
  other.nodes = {"EX-NODE1"};
  Job done = run(submit(other));
  EXPECT_EQ(done.status, JobStatus::Failed);
  EXPECT_EQ(done.error["code"], "clusterNodesDiffer");
  EXPECT_EQ(done.error["status"], 409);
}

TEST_F(JobRunnerTest, CancelDuringAStepEndsCanceledWithoutTheChange) {
  useBackend(milliseconds(2000));
  auto cancel = std::make_shared<StopFlag>();
  std::thread canceller = raiseAfter(cancel, milliseconds(300));
  Job done = run(submit(), cancel);
  canceller.join();
  EXPECT_EQ(done.status, JobStatus::Canceled);
  EXPECT_EQ(done.steps[1].status, StepStatus::Canceled);
  EXPECT_EQ(backend->changeCount("createCluster"), 0);
}

TEST_F(JobRunnerTest, AJobCanceledWhileQueuedNeverStarts) {
  Job job = submit();
  store->requestCancel(job.id);
  Job done = run(job);
  EXPECT_EQ(done.status, JobStatus::Canceled);
  EXPECT_EQ(done.attempt, 0);
}

TEST_F(JobRunnerTest, ShutdownRequeuesAndTheNextRunResumesAtTheUnfinishedStep) {
  useBackend(milliseconds(2000));
  auto shutdown = std::make_shared<StopFlag>();
  std::thread stopper = raiseAfter(shutdown, milliseconds(300));
  Job interrupted = run(submit(), std::make_shared<StopFlag>(), shutdown);
  stopper.join();
  EXPECT_EQ(interrupted.status, JobStatus::Queued);
  EXPECT_EQ(interrupted.steps[0].status, StepStatus::Succeeded);
  EXPECT_EQ(interrupted.steps[1].status, StepStatus::Pending);
  EXPECT_EQ(backend->changeCount("createCluster"), 0);

  Job resumed = run(interrupted);
  EXPECT_EQ(resumed.status, JobStatus::Succeeded);
  EXPECT_EQ(resumed.attempt, 2);
  EXPECT_EQ(resumed.steps[0].startedAt, interrupted.steps[0].startedAt);  // not run again
  EXPECT_EQ(backend->changeCount("createCluster"), 1);
}

class SlowStep : public Step {
 public:
  std::string name() const override { return "slow"; }
  std::chrono::milliseconds timeout() const override { return milliseconds(100); }
  void run(StepContext& ctx) override { ctx.op().sleepFor(milliseconds(5000)); }
};

TEST_F(JobRunnerTest, AStepPastItsTimeoutFailsTheJob) {
  catalog.add({"test.slow", 1, 1, {}, [](const nlohmann::json&) {
                 StepList steps;
                 steps.push_back(std::make_unique<SlowStep>());
                 return steps;
               }});
  Job job = newJob("slow-1", "test.slow", "", {}, {"slow"}, "t0");
  store->insert(job, {});
  Job done = run(job);
  EXPECT_EQ(done.status, JobStatus::Failed);
  EXPECT_EQ(done.error["code"], "stepTimeout");
}

}  // namespace
}  // namespace cf
