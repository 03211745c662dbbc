// The catalog as the one list of job kinds, and what a stored job does when
// a newer build's workflow differs from the one that stored it: resume by
// step name, take the new steps when none has run, or fail as
// workflowChanged; upgrade an older stored spec, refuse a newer one.
#include <gtest/gtest.h>

#include <spdlog/sinks/null_sink.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "bench/bench_job_kinds.h"
#include "orchestration/backends/simulated/simulated_backend.h"
#include "orchestration/jobs/job_runner.h"
#include "orchestration/workflows/standard_catalog.h"
#include "service/aes_gcm_secret_box.h"
#include "storage/sqlite_job_store.h"
#include "storage/sqlite_report_store.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_lab.h"

namespace cf {
namespace {

using std::chrono::milliseconds;

std::set<std::string> contractJobKinds() {
  std::ifstream in(std::string(CLUSTERFORGE_SOURCE_DIR) + "/openapi/openapi.yaml");
  std::stringstream text;
  text << in.rdbuf();
  std::smatch m;
  std::string yaml = text.str();
  EXPECT_TRUE(
      std::regex_search(yaml, m, std::regex(R"(\n    JobKind:\n(?:      [^\n]*\n)*?      enum: \[([^\]]*)\])")));
  std::set<std::string> kinds;
  std::string list = m[1];
  std::regex word(R"([A-Za-z.]+)");
  for (auto it = std::sregex_iterator(list.begin(), list.end(), word); it != std::sregex_iterator(); ++it) {
    kinds.insert(it->str());
  }
  return kinds;
}

class StandardCatalogTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  service::AesGcmSecretBox secrets{dir.file("secret.key")};
  std::unique_ptr<storage::SqliteReportStore> reports = storage::SqliteReportStore::open(dir.file("jobs.db"));
  WorkflowCatalog catalog = standardCatalog(secrets, *reports);
};

TEST_F(StandardCatalogTest, TheContractsJobKindsAreTheCatalogs) {
  auto kinds = catalog.kinds();
  EXPECT_EQ(contractJobKinds(), std::set<std::string>(kinds.begin(), kinds.end()));
}

TEST_F(StandardCatalogTest, TheBenchmarksJobKindsAreInTheCatalog) {
  EXPECT_NE(catalog.find(bench::kCommonJobKind), nullptr);
  EXPECT_NE(catalog.find(bench::kRarerJobKind), nullptr);
}

TEST(WorkflowCatalog, RefusesAKindTwiceAndASpecVersionWithoutItsMigrations) {
  WorkflowCatalog catalog;
  auto none = [](const nlohmann::json&) { return StepList{}; };
  catalog.add({"test.kind", 1, 1, {}, none});
  EXPECT_THROW(catalog.add({"test.kind", 2, 1, {}, none}), std::invalid_argument);
  EXPECT_THROW(catalog.add({"test.other", 1, 3, {[](nlohmann::json j) { return j; }}, none}), std::invalid_argument);
}

// A step that records that it ran, and reads the spec's "count" when asked.
class NamedStep : public Step {
 public:
  NamedStep(std::string name, std::vector<std::string>& ran, std::shared_ptr<StopFlag> interruptAfter = nullptr)
      : name_(std::move(name)), ran_(ran), interruptAfter_(std::move(interruptAfter)) {}
  std::string name() const override { return name_; }
  void run(StepContext& ctx) override {
    ran_.push_back(name_ + (ctx.spec("").contains("count") ? "(" + ctx.spec("")["count"].dump() + ")" : ""));
    if (interruptAfter_) {
      // The service stops while this step runs: the job goes back to the queue.
      interruptAfter_->raise();
      ctx.op().checkpoint();
    }
  }

 private:
  std::string name_;
  std::vector<std::string>& ran_;
  std::shared_ptr<StopFlag> interruptAfter_;
};

class WorkflowUpgradeTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  std::string database = dir.file("jobs.db");
  sim::SimulatedBackend backend{test::referenceLab(), "", milliseconds(0)};
  std::vector<std::string> ran;

  Workflow workflow(int version, std::vector<std::string> names, std::shared_ptr<StopFlag> interruptIn = nullptr,
                    const std::string& interruptedStep = "") {
    return Workflow{
        "test.upgrade", version, 1, {}, [this, names, interruptIn, interruptedStep](const nlohmann::json&) {
          StepList steps;
          for (const auto& n : names) {
            steps.push_back(std::make_unique<NamedStep>(n, ran, n == interruptedStep ? interruptIn : nullptr));
          }
          return steps;
        }};
  }

  // Runs the job once with `catalog`, as a service process would after a
  // (re)start, each time on a store opened afresh.
  Job runWith(const WorkflowCatalog& catalog, const std::string& id,
              std::shared_ptr<StopFlag> shutdown = std::make_shared<StopFlag>()) {
    auto store = storage::SqliteJobStore::open(database);
    auto log = std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
    JobRunner runner(*store, backend, catalog, RetryPolicy{}, log);
    runner.run(*store->find(id), std::make_shared<StopFlag>(), shutdown);
    return *store->find(id);
  }

  // A job of `catalog`'s test.upgrade kind, stored and interrupted during step b.
  Job storeInterruptedJob(nlohmann::json spec = nlohmann::json::object()) {
    auto shutdown = std::make_shared<StopFlag>();
    WorkflowCatalog v1;
    v1.add(workflow(1, {"a", "b", "c"}, shutdown, "b"));
    {
      auto store = storage::SqliteJobStore::open(database);
      Job job = newJobOf(*v1.find("test.upgrade"), "job-1", "", std::move(spec), "t0");
      store->insert(job, {});
    }
    Job interrupted = runWith(v1, "job-1", shutdown);
    EXPECT_EQ(interrupted.status, JobStatus::Queued);
    EXPECT_EQ(interrupted.steps[0].status, StepStatus::Succeeded);
    ran.clear();
    return interrupted;
  }

  // The interrupted job, restarted under a workflow of this version and steps.
  Job resumeInterruptedJobUnder(int version, const std::vector<std::string>& names) {
    storeInterruptedJob();
    WorkflowCatalog newer;
    newer.add(workflow(version, names));
    return runWith(newer, "job-1");
  }

  std::vector<std::string> messages(const std::string& id) {
    std::vector<std::string> out;
    for (const auto& e : storage::SqliteJobStore::open(database)->events(id, 0, 1000)) out.push_back(e.message);
    return out;
  }
};

TEST_F(WorkflowUpgradeTest, ANewerWorkflowWithTheSameStepsResumesAtTheUnfinishedStep) {
  Job done = resumeInterruptedJobUnder(2, {"a", "b", "c"});
  EXPECT_EQ(done.status, JobStatus::Succeeded);
  EXPECT_EQ(ran, (std::vector<std::string>{"b", "c"}));  // a is not run again
  EXPECT_EQ(done.workflowVersion, 2);
}

TEST_F(WorkflowUpgradeTest, AWorkflowThatChangedItsStepsFailsTheStartedJobAsWorkflowChanged) {
  Job done = resumeInterruptedJobUnder(2, {"a", "x", "c"});
  EXPECT_EQ(done.status, JobStatus::Failed);
  EXPECT_EQ(done.error["code"], "workflowChanged");
  EXPECT_TRUE(ran.empty());  // neither the old b nor the new x under its name
  EXPECT_NE(done.error["detail"].get<std::string>().find("a, b, c"), std::string::npos);
}

TEST_F(WorkflowUpgradeTest, AJobThatHasNotStartedTakesTheNewWorkflow) {
  WorkflowCatalog v1, v2;
  v1.add(workflow(1, {"a", "b"}));
  v2.add(workflow(2, {"a", "x", "c"}));
  Job job = newJobOf(*v1.find("test.upgrade"), "job-2", "", nlohmann::json::object(), "t0");
  storage::SqliteJobStore::open(database)->insert(job, {});
  Job done = runWith(v2, "job-2");
  EXPECT_EQ(done.status, JobStatus::Succeeded);
  EXPECT_EQ(ran, (std::vector<std::string>{"a", "x", "c"}));
  EXPECT_EQ(done.workflowVersion, 2);
  EXPECT_EQ(done.steps.size(), 3u);
}

TEST_F(WorkflowUpgradeTest, AnOlderStoredSpecIsMigratedBeforeTheJobResumes) {
  storeInterruptedJob({{"n", 3}});
  WorkflowCatalog v2;
  Workflow upgraded = workflow(1, {"a", "b", "c"});
  upgraded.specVersion = 2;
  upgraded.specMigrations = {[](nlohmann::json spec) {
    spec["count"] = spec.at("n");
    spec.erase("n");
    return spec;
  }};
  v2.add(upgraded);
  Job done = runWith(v2, "job-1");
  EXPECT_EQ(done.status, JobStatus::Succeeded);
  EXPECT_EQ(ran, (std::vector<std::string>{"b(3)", "c(3)"}));
  EXPECT_EQ(done.spec["schemaVersion"], 2);
  EXPECT_FALSE(done.spec.contains("n"));
  auto events = messages("job-1");
  EXPECT_NE(std::find(events.begin(), events.end(), "spec upgraded from schema version 1 to 2"), events.end());
}

TEST_F(WorkflowUpgradeTest, ASpecStoredByANewerBuildIsRefusedUntouched) {
  Job stored = storeInterruptedJob();
  stored.spec["schemaVersion"] = 7;
  storage::SqliteJobStore::open(database)->update(stored, {});
  WorkflowCatalog v1;
  v1.add(workflow(1, {"a", "b", "c"}));
  Job done = runWith(v1, "job-1");
  EXPECT_EQ(done.status, JobStatus::Failed);
  EXPECT_EQ(done.error["code"], "specVersionUnknown");
  EXPECT_TRUE(ran.empty());
  EXPECT_EQ(done.spec["schemaVersion"], 7);
}

}  // namespace
}  // namespace cf
