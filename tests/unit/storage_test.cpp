#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/database.h"
#include "storage/sqlite_job_store.h"
#include "storage/sqlite_report_store.h"
#include "tests/support/temp_dir.h"

namespace cf::storage {
namespace {

Job sampleJob(const std::string& id, const std::string& cluster, const std::string& kind = "cluster.create") {
  return newJob(id, kind, cluster, {{"name", cluster}}, {"checkNodes", "createCluster"}, "2026-01-01T00:00:00.000Z");
}

TEST(Database, MigratesAnEmptyFileToTheCurrentVersion) {
  test::TempDir dir;
  {
    auto db = openDatabase(dir.file("a.db"));
    EXPECT_EQ(db->execAndGet("PRAGMA user_version").getInt(), currentSchemaVersion());
    EXPECT_EQ(db->execAndGet("PRAGMA journal_mode").getString(), "wal");
    EXPECT_EQ(db->execAndGet("PRAGMA synchronous").getInt(), 2);  // FULL
    EXPECT_EQ(db->execAndGet("PRAGMA foreign_keys").getInt(), 1);
    EXPECT_TRUE(db->tableExists("jobs"));
    EXPECT_TRUE(db->tableExists("job_events"));
  }
  // Opening again is a no-op migration.
  auto again = openDatabase(dir.file("a.db"));
  EXPECT_EQ(migrate(*again), currentSchemaVersion());
}

TEST(Database, MigratesAVersion1FileForward) {
  test::TempDir dir;
  {
    SQLite::Database db(dir.file("v1.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec(
        "CREATE TABLE jobs (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,"
        " cluster TEXT NOT NULL DEFAULT '', status TEXT NOT NULL, cancel_requested INTEGER NOT NULL DEFAULT 0,"
        " spec TEXT NOT NULL, steps TEXT NOT NULL, percent INTEGER NOT NULL DEFAULT 0,"
        " result TEXT NOT NULL DEFAULT '{}', error TEXT, attempt INTEGER NOT NULL DEFAULT 0,"
        " created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT);"
        "CREATE TABLE job_events (job_id TEXT NOT NULL, sequence INTEGER NOT NULL, time TEXT NOT NULL,"
        " level TEXT NOT NULL, step TEXT NOT NULL DEFAULT '', message TEXT NOT NULL,"
        " PRIMARY KEY (job_id, sequence)) WITHOUT ROWID;"
        "INSERT INTO jobs(id, kind, cluster, status, spec, steps, created_at)"
        " VALUES ('old', 'cluster.create', 'C1', 'succeeded', '{}', '[]', 't');"
        "PRAGMA user_version = 1;");
  }
  auto store = SqliteJobStore::open(dir.file("v1.db"));
  EXPECT_EQ(store->find("old")->status, JobStatus::Succeeded);
  SQLite::Database check(dir.file("v1.db"), SQLite::OPEN_READONLY);
  EXPECT_EQ(check.execAndGet("PRAGMA user_version").getInt(), currentSchemaVersion());
  EXPECT_EQ(check.execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'jobs_by_cluster_status'").getInt(), 1);
}

TEST(Database, RefusesAFileFromANewerBuild) {
  test::TempDir dir;
  {
    SQLite::Database db(dir.file("b.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA user_version = 999");
  }
  EXPECT_THROW(openDatabase(dir.file("b.db")), std::runtime_error);
}

TEST(SqliteJobStore, InsertFindUpdateRoundTrip) {
  test::TempDir dir;
  auto store = SqliteJobStore::open(dir.file("c.db"));
  Job job = sampleJob("j1", "EXCLUSTER");
  store->insert(job, {JobEvent{0, "t0", EventLevel::Info, "", "accepted"}});
  EXPECT_GT(job.seq, 0);

  markStarted(job, "t1");
  markStepRunning(job, 0, "t1");
  markStepSucceeded(job, 0, "t2", "ok");
  job.result = {{"changed", true}};
  store->update(job, {JobEvent{0, "t2", EventLevel::Warning, "checkNodes", "w"}});

  auto read = store->find("j1");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->status, JobStatus::Running);
  EXPECT_EQ(read->steps[0].status, StepStatus::Succeeded);
  EXPECT_EQ(read->steps[0].message, "ok");
  EXPECT_EQ(read->result["changed"], true);
  EXPECT_EQ(read->attempt, 1);
  EXPECT_EQ(read->spec["name"], "EXCLUSTER");
  EXPECT_TRUE(read->error.is_null());

  auto events = store->events("j1", 0, 10);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].sequence, 1);
  EXPECT_EQ(events[1].sequence, 2);
  EXPECT_EQ(events[1].level, EventLevel::Warning);
  EXPECT_EQ(events[1].step, "checkNodes");
  EXPECT_EQ(store->events("j1", 1, 10).size(), 1u);
  EXPECT_FALSE(store->find("nope"));
}

TEST(SqliteJobStore, SurvivesReopening) {
  test::TempDir dir;
  {
    auto store = SqliteJobStore::open(dir.file("d.db"));
    Job job = sampleJob("j1", "C1");
    store->insert(job, {});
  }
  auto store = SqliteJobStore::open(dir.file("d.db"));
  ASSERT_TRUE(store->find("j1"));
  ASSERT_EQ(store->queued().size(), 1u);
  EXPECT_EQ(store->queued()[0].id, "j1");
  EXPECT_EQ(store->queued()[0].cluster, "C1");
  EXPECT_TRUE(store->running().empty());
  Job running = *store->find("j1");
  running.status = JobStatus::Running;
  store->update(running, {});
  EXPECT_TRUE(store->queued().empty());
  EXPECT_EQ(store->running().size(), 1u);
}

TEST(SqliteJobStore, ListsNewestFirstWithFiltersAndPages) {
  test::TempDir dir;
  auto store = SqliteJobStore::open(dir.file("e.db"));
  for (int i = 0; i < 7; ++i) {
    Job job = sampleJob("j" + std::to_string(i), i % 2 ? "ODD" : "EVEN", i < 5 ? "cluster.create" : "other");
    store->insert(job, {});
  }
  JobQuery q;
  q.limit = 3;
  auto page1 = store->list(q);
  ASSERT_EQ(page1.jobs.size(), 3u);
  EXPECT_EQ(page1.jobs[0].id, "j6");
  ASSERT_TRUE(page1.nextBeforeSeq);
  q.beforeSeq = page1.nextBeforeSeq;
  auto page2 = store->list(q);
  EXPECT_EQ(page2.jobs[0].id, "j3");
  q.beforeSeq = page2.nextBeforeSeq;
  auto page3 = store->list(q);
  ASSERT_EQ(page3.jobs.size(), 1u);
  EXPECT_EQ(page3.jobs[0].id, "j0");
  EXPECT_FALSE(page3.nextBeforeSeq);

  JobQuery filtered;
  filtered.cluster = "ODD";
  filtered.kind = "cluster.create";
  auto odd = store->list(filtered);
  ASSERT_EQ(odd.jobs.size(), 2u);  // j3, j1 (j5 is "other")
  EXPECT_EQ(odd.jobs[0].id, "j3");
  JobQuery running;
  running.status = JobStatus::Running;
  EXPECT_TRUE(store->list(running).jobs.empty());
  EXPECT_EQ(store->latestForCluster("EVEN")->id, "j6");
}

TEST(SqliteJobStore, CancelRequestIsKeptAgainstStaleUpdates) {
  test::TempDir dir;
  auto store = SqliteJobStore::open(dir.file("f.db"));
  Job job = sampleJob("j1", "C1");
  store->insert(job, {});
  auto canceled = store->requestCancel("j1");
  ASSERT_TRUE(canceled);
  EXPECT_TRUE(canceled->cancelRequested);
  auto events = store->events("j1", 0, 10);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].message, "cancel requested");
  EXPECT_EQ(events[0].time.size(), std::string("2026-11-25T11:31:05.123Z").size()) << events[0].time;
  markStarted(job, "t");  // a copy taken before the cancel request
  store->update(job, {});
  EXPECT_TRUE(store->find("j1")->cancelRequested);
  EXPECT_FALSE(store->requestCancel("missing"));
}

TEST(SqliteJobStore, UpdateOfAMissingJobThrows) {
  test::TempDir dir;
  auto store = SqliteJobStore::open(dir.file("g.db"));
  Job job = sampleJob("ghost", "C1");
  EXPECT_THROW(store->update(job, {}), std::runtime_error);
}

ValidationReport sampleReport(const std::string& id, std::optional<std::string> cluster,
                              std::vector<std::string> nodes) {
  ValidationReport r;
  r.id = id;
  r.jobId = id;
  r.cluster = std::move(cluster);
  r.nodes = std::move(nodes);
  r.createdAt = "2026-01-01T00:00:00.000Z";
  r.results = {{"Inventory", "List Operating System Information", TestStatus::Passed, {"ok"}, {{"EX-NODE1", "x"}}}};
  return r;
}

TEST(SqliteReportStore, SavesReplacesFindsAndListsByClusterAndNode) {
  test::TempDir dir;
  auto reports = SqliteReportStore::open(dir.file("r.db"));
  reports->save(sampleReport("a", std::nullopt, {"EX-NODE1", "EX-NODE2"}));
  reports->save(sampleReport("b", std::string("EXCLUSTER"), {"EX-NODE1", "EX-NODE2"}));
  reports->save(sampleReport("c", std::nullopt, {"EX-NODE3"}));
  auto replaced = sampleReport("a", std::nullopt, {"EX-NODE1"});
  replaced.results[0].status = TestStatus::Failed;
  reports->save(replaced);

  auto a = reports->find("a");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->verdict(), Verdict::NotSuitable);
  EXPECT_EQ(a->results[0].facts["EX-NODE1"], "x");
  EXPECT_FALSE(reports->find("zzz"));

  ReportQuery all;
  all.limit = 2;
  auto page1 = reports->list(all);
  ASSERT_EQ(page1.reports.size(), 2u);
  EXPECT_EQ(page1.reports[0].id, "c");
  all.beforeSeq = page1.nextBeforeSeq;
  auto page2 = reports->list(all);
  ASSERT_EQ(page2.reports.size(), 1u);
  EXPECT_FALSE(page2.nextBeforeSeq);

  ReportQuery byNode;
  byNode.node = "EX-NODE2";
  auto node2 = reports->list(byNode);
  ASSERT_EQ(node2.reports.size(), 1u);  // "a" no longer names EX-NODE2
  EXPECT_EQ(node2.reports[0].id, "b");
  ReportQuery byCluster;
  byCluster.cluster = "EXCLUSTER";
  EXPECT_EQ(reports->list(byCluster).reports.size(), 1u);
}

}  // namespace
}  // namespace cf::storage
