// LeasedScheduler on a PostgreSQL database of its own: two schedulers (two
// instances) share one queue; a run whose lease is lost stops at once and
// writes nothing more; a cancel asked for elsewhere reaches the run through
// the heartbeat.
#include <gtest/gtest.h>

#include <spdlog/sinks/null_sink.h>

#include <algorithm>
#include <set>

#include "orchestration/backends/simulated/simulated_backend.h"
#include "orchestration/common/clock.h"
#include "orchestration/jobs/leased_scheduler.h"
#include "storage/postgres/pg_connection.h"
#include "storage/postgres/pg_job_store.h"
#include "storage/store_set.h"
#include "tests/support/test_lab.h"
#include "tests/support/test_postgres.h"

namespace cf {
namespace {

using namespace std::chrono_literals;

struct Interval {
  std::string job, cluster, owner;
  std::chrono::steady_clock::time_point start, end;
};

// A step that sleeps `length`, interruptibly, and records when it ran and where.
class RecordingStep : public Step {
 public:
  RecordingStep(std::string owner, std::chrono::milliseconds length, std::mutex& mutex, std::vector<Interval>& log)
      : owner_(std::move(owner)), length_(length), mutex_(mutex), log_(log) {}
  std::string name() const override { return "record"; }
  void run(StepContext& ctx) override {
    auto start = std::chrono::steady_clock::now();
    ctx.op().sleepFor(length_);
    std::lock_guard<std::mutex> lock(mutex_);
    log_.push_back({ctx.job().id, ctx.job().cluster, owner_, start, std::chrono::steady_clock::now()});
  }

 private:
  std::string owner_;
  std::chrono::milliseconds length_;
  std::mutex& mutex_;
  std::vector<Interval>& log_;
};

// One instance: its store (with its leases), runner and scheduler.
struct Instance {
  Instance(std::shared_ptr<storage::PgPool> pool, const std::string& owner, std::chrono::milliseconds step,
           std::mutex& mutex, std::vector<Interval>& ran, LeaseTiming timing)
      : store(std::move(pool), owner) {
    catalog.add({"test.record", 1, 1, {}, [=, &mutex, &ran](const nlohmann::json&) {
                   StepList steps;
                   steps.push_back(std::make_unique<RecordingStep>(owner, step, mutex, ran));
                   return steps;
                 }});
    scheduler = std::make_unique<LeasedScheduler>(store, store, runner, 2, timing,
                                                  InstanceInfo{"", "http://" + owner, "test", "t", "", {}}, log);
  }

  std::shared_ptr<spdlog::logger> log =
      std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
  storage::PgJobStore store;
  sim::SimulatedBackend backend{test::referenceLab(), "", 0ms};
  WorkflowCatalog catalog;
  JobRunner runner{store, backend, catalog, RetryPolicy{}, log};
  std::unique_ptr<LeasedScheduler> scheduler;
};

class LeasedSchedulerTest : public ::testing::Test {
 protected:
  test::TestPostgresDatabase database;
  std::shared_ptr<storage::PgPool> pool = migratedPool();
  std::mutex mutex;
  std::vector<Interval> ran;

  std::shared_ptr<storage::PgPool> migratedPool() {
    storage::StoreSettings settings;
    settings.instanceId = "migrator";
    storage::StoreSet::open({storage::DatabaseLocation::Kind::Postgres, database.url()}, settings);
    return std::make_shared<storage::PgPool>(database.url(), 6);
  }
  std::unique_ptr<Instance> instance(const std::string& owner, std::chrono::milliseconds step,
                                     LeaseTiming timing = {2000ms, 100ms}) {
    return std::make_unique<Instance>(pool, owner, step, mutex, ran, timing);
  }
  void add(Instance& on, const std::string& id, const std::string& cluster) {
    Job job = newJob(id, "test.record", cluster, {}, {"record"}, nowRfc3339());
    on.store.insert(job, {});
    on.scheduler->enqueue(job);
  }
  Job waitFor(Instance& on, const std::string& id, const std::function<bool(const Job&)>& done) {
    for (int i = 0; i < 500; ++i) {
      auto job = on.store.find(id);
      if (job && done(*job)) return *job;
      std::this_thread::sleep_for(10ms);
    }
    ADD_FAILURE() << "job " << id << " did not get there";
    return *on.store.find(id);
  }
};

TEST_F(LeasedSchedulerTest, TwoInstancesShareOneQueueOneJobPerClusterInSubmitOrder) {
  auto a = instance("a", 80ms), b = instance("b", 80ms);
  a->scheduler->start();
  b->scheduler->start();
  std::vector<std::pair<std::string, std::string>> jobs = {{"c1-1", "C1"}, {"c2-1", "C2"}, {"c1-2", "C1"},
                                                           {"c2-2", "C2"}, {"c1-3", "C1"}, {"loose-1", ""},
                                                           {"c2-3", "C2"}, {"loose-2", ""}};
  for (size_t i = 0; i < jobs.size(); ++i) add(i % 2 ? *a : *b, jobs[i].first, jobs[i].second);
  for (const auto& [id, cluster] : jobs) {
    EXPECT_EQ(waitFor(*a, id, [](const Job& j) { return isTerminal(j.status); }).status, JobStatus::Succeeded) << id;
  }
  a->scheduler->stop(5s);
  b->scheduler->stop(5s);
  ASSERT_EQ(ran.size(), jobs.size());
  std::set<std::string> owners;
  for (const auto& r : ran) owners.insert(r.owner);
  EXPECT_EQ(owners.size(), 2u) << "both instances took jobs";
  for (const std::string cluster : {"C1", "C2"}) {
    std::vector<Interval> mine;
    for (const auto& r : ran) {
      if (r.cluster == cluster) mine.push_back(r);
    }
    std::sort(mine.begin(), mine.end(), [](const auto& x, const auto& y) { return x.start < y.start; });
    ASSERT_EQ(mine.size(), 3u);
    for (size_t i = 0; i < mine.size(); ++i) {
      EXPECT_EQ(mine[i].job,
                cluster == std::string("C1") ? "c1-" + std::to_string(i + 1) : "c2-" + std::to_string(i + 1));
      if (i > 0) {
        EXPECT_LE(mine[i - 1].end, mine[i].start) << "two jobs of " << cluster << " overlapped";
      }
    }
  }
}

TEST_F(LeasedSchedulerTest, ARunWhoseLeaseIsLostStopsAtOnceAndWritesNothingMore) {
  auto a = instance("a", 5s, {600ms, 100ms});  // heartbeat every 200 ms
  a->scheduler->start();
  add(*a, "job", "C1");
  waitFor(*a, "job", [](const Job& j) { return j.status == JobStatus::Running; });
  // Another instance took the job over (as after a stall past the expiry).
  database.exec("UPDATE jobs SET lease_owner = 'thief', lease_expires = now() + interval '1 hour' WHERE id = 'job'");
  for (int i = 0; i < 200 && a->scheduler->runningCount() > 0; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(a->scheduler->runningCount(), 0u) << "the run went on without its lease";
  a->scheduler->stop(5s);
  EXPECT_TRUE(ran.empty()) << "the step finished although its run was stopped";
  Job job = *a->store.find("job");
  EXPECT_EQ(job.status, JobStatus::Running) << "the old owner overwrote the job";
  EXPECT_EQ(job.steps[0].status, StepStatus::Running);
}

TEST_F(LeasedSchedulerTest, ACancelAskedForOnAnotherInstanceReachesTheRunThroughTheHeartbeat) {
  auto a = instance("a", 5s, {600ms, 100ms}), b = instance("b", 5s, {600ms, 100ms});
  a->scheduler->start();
  add(*a, "job", "C1");
  waitFor(*a, "job", [](const Job& j) { return j.status == JobStatus::Running; });
  auto asked = std::chrono::steady_clock::now();
  b->store.requestCancel("job");  // b's scheduler is not even running
  EXPECT_EQ(waitFor(*a, "job", [](const Job& j) { return isTerminal(j.status); }).status, JobStatus::Canceled);
  EXPECT_LT(std::chrono::steady_clock::now() - asked, 2s);
  a->scheduler->stop(5s);
}

}  // namespace
}  // namespace cf
