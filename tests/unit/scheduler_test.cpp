#include <gtest/gtest.h>

#include <spdlog/sinks/null_sink.h>

#include "orchestration/backends/simulated/simulated_backend.h"
#include "orchestration/jobs/scheduler.h"
#include "storage/sqlite_job_store.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_lab.h"

namespace cf {
namespace {

using namespace std::chrono_literals;

struct Interval {
  std::string job;
  std::string cluster;
  std::chrono::steady_clock::time_point start, end;
};

// A step that sleeps and records when it ran.
class RecordingStep : public Step {
 public:
  RecordingStep(std::mutex& mutex, std::vector<Interval>& log) : mutex_(mutex), log_(log) {}
  std::string name() const override { return "record"; }
  void run(StepContext& ctx) override {
    auto start = std::chrono::steady_clock::now();
    ctx.op().sleepFor(80ms);
    std::lock_guard<std::mutex> lock(mutex_);
    log_.push_back({ctx.job().id, ctx.job().cluster, start, std::chrono::steady_clock::now()});
  }

 private:
  std::mutex& mutex_;
  std::vector<Interval>& log_;
};

class SchedulerTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  std::unique_ptr<storage::SqliteJobStore> store = storage::SqliteJobStore::open(dir.file("jobs.db"));
  sim::SimulatedBackend backend{test::referenceLab(), "", 0ms};
  WorkflowCatalog catalog;
  std::mutex mutex;
  std::vector<Interval> ran;
  std::shared_ptr<spdlog::logger> log =
      std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
  JobRunner runner{*store, backend, catalog, RetryPolicy{}, log};

  SchedulerTest() {
    catalog.add({"test.record", 1, 1, {}, [this](const nlohmann::json&) {
                   StepList steps;
                   steps.push_back(std::make_unique<RecordingStep>(mutex, ran));
                   return steps;
                 }});
  }

  Job add(const std::string& id, const std::string& cluster) {
    Job job = newJob(id, "test.record", cluster, {}, {"record"}, "t0");
    store->insert(job, {});
    return job;
  }

  void waitForAll(size_t count) {
    for (int i = 0; i < 500; ++i) {
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (ran.size() >= count) return;
      }
      std::this_thread::sleep_for(10ms);
    }
    FAIL() << "jobs did not finish";
  }
};

TEST_F(SchedulerTest, OneJobPerClusterAtATimeInOrderOthersInParallel) {
  Scheduler scheduler(*store, runner, 4, log);
  scheduler.start();
  for (const auto& [id, cluster] : std::vector<std::pair<std::string, std::string>>{
           {"a1", "A"}, {"a2", "A"}, {"b1", "B"}, {"a3", "A"}, {"b2", "B"}}) {
    scheduler.enqueue(add(id, cluster));
  }
  waitForAll(5);
  scheduler.stop(5s);

  std::map<std::string, std::vector<Interval>> byCluster;
  for (const auto& i : ran) byCluster[i.cluster].push_back(i);
  std::vector<std::string> orderA;
  for (const auto& i : byCluster["A"]) orderA.push_back(i.job);
  EXPECT_EQ(orderA, (std::vector<std::string>{"a1", "a2", "a3"}));
  for (auto& [cluster, intervals] : byCluster) {
    for (size_t k = 1; k < intervals.size(); ++k) {
      EXPECT_GE(intervals[k].start, intervals[k - 1].end) << cluster << " jobs overlapped";
    }
  }
  // B's first job did not wait for A's queue to drain.
  EXPECT_LT(byCluster["B"][0].start, byCluster["A"][1].end);
  for (const auto& id : {"a1", "a2", "a3", "b1", "b2"}) EXPECT_EQ(store->find(id)->status, JobStatus::Succeeded);
}

TEST_F(SchedulerTest, ALongQueueBehindOneBusyClusterHoldsUpNoOtherJob) {
  Scheduler scheduler(*store, runner, 2, log);
  scheduler.start();
  for (int i = 1; i <= 8; ++i) scheduler.enqueue(add("a" + std::to_string(i), "A"));
  scheduler.enqueue(add("n1", ""));
  scheduler.enqueue(add("b1", "B"));
  EXPECT_EQ(scheduler.queuedCount() + scheduler.runningCount(), 10u);
  waitForAll(4);
  std::map<std::string, Interval> byJob;
  {
    std::lock_guard<std::mutex> lock(mutex);
    for (const auto& i : ran) byJob[i.job] = i;
  }
  scheduler.stop(5s);
  // a1 and n1 first, then a2 and b1: b1 waited only for a free worker, not
  // for A's queue to drain.
  ASSERT_TRUE(byJob.count("n1") && byJob.count("b1")) << "finished first: " << byJob.size();
  EXPECT_LT(byJob["n1"].start, byJob["a1"].end);
  EXPECT_LT(byJob["b1"].start, byJob["a2"].end);
  EXPECT_FALSE(byJob.count("a3"));
}

TEST_F(SchedulerTest, StartResumesJobsLeftRunningOrQueued) {
  Job running = add("r1", "A");
  markStarted(running, "t1");
  store->update(running, {});
  add("q1", "B");
  Scheduler scheduler(*store, runner, 2, log);
  scheduler.start();
  waitForAll(2);
  scheduler.stop(5s);
  EXPECT_EQ(store->find("r1")->status, JobStatus::Succeeded);
  EXPECT_EQ(store->find("r1")->attempt, 2);
  EXPECT_EQ(store->find("q1")->status, JobStatus::Succeeded);
}

TEST_F(SchedulerTest, StopLeavesQueuedJobsQueued) {
  Scheduler scheduler(*store, runner, 1, log);
  scheduler.start();
  for (int i = 0; i < 4; ++i) scheduler.enqueue(add("s" + std::to_string(i), "A"));
  std::this_thread::sleep_for(30ms);
  EXPECT_TRUE(scheduler.stop(5s));
  EXPECT_EQ(store->find("s3")->status, JobStatus::Queued);
  EXPECT_EQ(store->queued().size() + store->running().size() + ran.size(), 4u);
}

}  // namespace
}  // namespace cf
