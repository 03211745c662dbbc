// One set of store tests, run against both adapters: SQLite (a file of its
// own) and PostgreSQL (a database of its own on the tests' server). What a
// port promises, each adapter keeps; what only several instances need
// (leases, fencing, instances) is tested on PostgreSQL below.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "storage/postgres/pg_connection.h"
#include "storage/postgres/pg_job_store.h"
#include "storage/postgres/pg_stores.h"
#include "storage/store_set.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_postgres.h"

namespace cf::storage {
namespace {

Job sampleJob(const std::string& id, const std::string& cluster, const std::string& kind = "cluster.create") {
  return newJob(id, kind, cluster, {{"name", cluster}}, {"checkNodes", "createCluster"}, "2026-01-01T00:00:00.000Z");
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

class StoreContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") postgres_ = std::make_unique<test::TestPostgresDatabase>();
    stores = open();
  }

  DatabaseLocation location() const {
    if (postgres_) return {DatabaseLocation::Kind::Postgres, postgres_->url()};
    return {DatabaseLocation::Kind::Sqlite, dir_.file("store.db")};
  }
  std::unique_ptr<StoreSet> open() const {
    StoreSettings settings;
    settings.instanceId = "test-instance";
    return StoreSet::open(location(), settings);
  }
  void reopen() {
    stores.reset();
    stores = open();
  }

  test::TempDir dir_;
  std::unique_ptr<test::TestPostgresDatabase> postgres_;
  std::unique_ptr<StoreSet> stores;
};

INSTANTIATE_TEST_SUITE_P(BothAdapters, StoreContract, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST_P(StoreContract, JobsInsertFindUpdateRoundTrip) {
  auto& store = *stores->jobs;
  Job job = sampleJob("j1", "EXCLUSTER");
  store.insert(job, {JobEvent{0, "t0", EventLevel::Info, "", "accepted"}});
  EXPECT_GT(job.seq, 0);

  markStarted(job, "t1");
  markStepRunning(job, 0, "t1");
  markStepSucceeded(job, 0, "t2", "ok");
  job.result = {{"changed", true}};
  store.update(job, {JobEvent{0, "t2", EventLevel::Warning, "checkNodes", "w"}});

  auto read = store.find("j1");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->seq, job.seq);
  EXPECT_EQ(read->status, JobStatus::Running);
  EXPECT_EQ(read->steps[0].status, StepStatus::Succeeded);
  EXPECT_EQ(read->steps[0].message, "ok");
  EXPECT_EQ(read->result["changed"], true);
  EXPECT_EQ(read->attempt, 1);
  EXPECT_EQ(read->spec["name"], "EXCLUSTER");
  EXPECT_EQ(read->startedAt, "t1");
  EXPECT_TRUE(read->finishedAt.empty());
  EXPECT_TRUE(read->error.is_null());

  auto events = store.events("j1", 0, 10);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].sequence, 1);
  EXPECT_EQ(events[1].sequence, 2);
  EXPECT_EQ(events[1].level, EventLevel::Warning);
  EXPECT_EQ(events[1].step, "checkNodes");
  EXPECT_EQ(store.events("j1", 1, 10).size(), 1u);
  EXPECT_EQ(store.events("j1", 0, 1).size(), 1u);
  EXPECT_FALSE(store.find("nope"));

  markFailed(job, {{"type", "x"}, {"detail", "d"}}, "t3");
  store.update(job, {});
  EXPECT_EQ(store.find("j1")->error["detail"], "d");
  EXPECT_EQ(store.find("j1")->finishedAt, "t3");
}

TEST_P(StoreContract, AJobsAuditRecordIsWrittenWithItAndAFailingOneFailsTheInsert) {
  auto& jobs = *stores->jobs;
  auto& audit = *stores->audit;
  auto recordOf = [](const Job& made) {
    return api::AuditRecord{0, "2026-01-01T00:00:00.000Z", "portal", "operator", "127.0.0.1", "POST",
                            "/v1/validations", 202, "r-" + made.id, made.id};
  };
  Job job = sampleJob("j1", "EXCLUSTER");
  int64_t seenSeq = 0;
  jobs.insertWith(job, {JobEvent{0, "t0", EventLevel::Info, "", "accepted"}}, [&](const Job& made) {
    seenSeq = made.seq;
    audit.append(recordOf(made));
  });
  EXPECT_GT(seenSeq, 0);
  EXPECT_EQ(seenSeq, job.seq);
  ASSERT_TRUE(jobs.find("j1"));
  auto records = audit.list({}).records;
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].jobId, "j1");

  Job refused = sampleJob("j2", "EXCLUSTER");
  EXPECT_THROW(jobs.insertWith(refused, {}, [&](const Job&) -> void { throw std::runtime_error("no audit"); }),
               std::runtime_error);
  // On SQLite the two share a commit, and neither is kept.
  if (GetParam() == "sqlite") {
    EXPECT_FALSE(jobs.find("j2"));
  }
}

TEST_P(StoreContract, JobsSurviveReopeningAndSortIntoQueuedAndRunning) {
  Job job = sampleJob("j1", "C1");
  job.requestKey = "key-1";
  stores->jobs->insert(job, {});
  reopen();
  auto& store = *stores->jobs;
  ASSERT_TRUE(store.find("j1"));
  EXPECT_EQ(store.findByRequestKey("key-1")->id, "j1");
  EXPECT_FALSE(store.findByRequestKey("key-2"));
  ASSERT_EQ(store.queued().size(), 1u);
  EXPECT_EQ(store.queued()[0].id, "j1");
  EXPECT_EQ(store.queued()[0].cluster, "C1");
  EXPECT_TRUE(store.running().empty());
  Job running = *store.find("j1");
  running.status = JobStatus::Running;
  store.update(running, {});
  EXPECT_TRUE(store.queued().empty());
  EXPECT_EQ(store.running().size(), 1u);
}

TEST_P(StoreContract, JobsListNewestFirstWithFiltersAndPages) {
  auto& store = *stores->jobs;
  for (int i = 0; i < 7; ++i) {
    Job job = sampleJob("j" + std::to_string(i), i % 2 ? "ODD" : "EVEN", i < 5 ? "cluster.create" : "other");
    store.insert(job, {});
  }
  JobQuery q;
  q.limit = 3;
  auto page1 = store.list(q);
  ASSERT_EQ(page1.jobs.size(), 3u);
  EXPECT_EQ(page1.jobs[0].id, "j6");
  ASSERT_TRUE(page1.nextBeforeSeq);
  q.beforeSeq = page1.nextBeforeSeq;
  auto page2 = store.list(q);
  EXPECT_EQ(page2.jobs[0].id, "j3");
  q.beforeSeq = page2.nextBeforeSeq;
  auto page3 = store.list(q);
  ASSERT_EQ(page3.jobs.size(), 1u);
  EXPECT_EQ(page3.jobs[0].id, "j0");
  EXPECT_FALSE(page3.nextBeforeSeq);

  JobQuery filtered;
  filtered.cluster = "ODD";
  filtered.kind = "cluster.create";
  auto odd = store.list(filtered);
  ASSERT_EQ(odd.jobs.size(), 2u);  // j3, j1 (j5 is "other")
  EXPECT_EQ(odd.jobs[0].id, "j3");
  JobQuery running;
  running.status = JobStatus::Running;
  EXPECT_TRUE(store.list(running).jobs.empty());
  EXPECT_EQ(store.latestForCluster("EVEN")->id, "j6");
  EXPECT_FALSE(store.latestForCluster("NONE"));
}

TEST_P(StoreContract, CancelRequestIsKeptAgainstStaleUpdates) {
  auto& store = *stores->jobs;
  Job job = sampleJob("j1", "C1");
  store.insert(job, {});
  auto canceled = store.requestCancel("j1");
  ASSERT_TRUE(canceled);
  EXPECT_TRUE(canceled->cancelRequested);
  auto events = store.events("j1", 0, 10);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].message, "cancel requested");
  EXPECT_EQ(events[0].time.size(), std::string("2026-11-25T11:31:05.123Z").size()) << events[0].time;
  EXPECT_EQ(store.requestCancel("j1")->cancelRequested, true);
  EXPECT_EQ(store.events("j1", 0, 10).size(), 1u);  // asked twice, recorded once
  markStarted(job, "t");                            // a copy taken before the cancel request
  store.update(job, {});
  EXPECT_TRUE(store.find("j1")->cancelRequested);
  EXPECT_FALSE(store.requestCancel("missing"));
}

TEST_P(StoreContract, UpdateOfAMissingJobThrows) {
  Job job = sampleJob("ghost", "C1");
  EXPECT_THROW(stores->jobs->update(job, {}), std::runtime_error);
}

TEST_P(StoreContract, ReportsAreSavedReplacedFoundAndListedByClusterAndNode) {
  auto& reports = *stores->reports;
  reports.save(sampleReport("a", std::nullopt, {"EX-NODE1", "EX-NODE2"}));
  reports.save(sampleReport("b", std::string("EXCLUSTER"), {"EX-NODE1", "EX-NODE2"}));
  reports.save(sampleReport("c", std::nullopt, {"EX-NODE3"}));
  auto replaced = sampleReport("a", std::nullopt, {"EX-NODE1"});
  replaced.results[0].status = TestStatus::Failed;
  reports.save(replaced);

  auto a = reports.find("a");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->verdict(), Verdict::NotSuitable);
  EXPECT_EQ(a->results[0].facts["EX-NODE1"], "x");
  EXPECT_FALSE(reports.find("zzz"));

  ReportQuery all;
  all.limit = 2;
  auto page1 = reports.list(all);
  ASSERT_EQ(page1.reports.size(), 2u);
  EXPECT_EQ(page1.reports[0].id, "c");
  all.beforeSeq = page1.nextBeforeSeq;
  auto page2 = reports.list(all);
  ASSERT_EQ(page2.reports.size(), 1u);
  EXPECT_FALSE(page2.nextBeforeSeq);

  ReportQuery byNode;
  byNode.node = "EX-NODE2";
  auto node2 = reports.list(byNode);
  ASSERT_EQ(node2.reports.size(), 1u);  // "a" no longer names EX-NODE2
  EXPECT_EQ(node2.reports[0].id, "b");
  byNode.node = "EX-NODE1";
  byNode.limit = 1;
  auto node1 = reports.list(byNode);
  ASSERT_EQ(node1.reports.size(), 1u);
  ASSERT_TRUE(node1.nextBeforeSeq);
  byNode.beforeSeq = node1.nextBeforeSeq;
  EXPECT_EQ(reports.list(byNode).reports.size(), 1u);
  ReportQuery byCluster;
  byCluster.cluster = "EXCLUSTER";
  EXPECT_EQ(reports.list(byCluster).reports.size(), 1u);
}

TEST_P(StoreContract, IdempotencyKeysClaimReplayRefuseAndAbandon) {
  using Outcome = api::IdempotencyClaim::Outcome;
  auto& keys = *stores->idempotency;
  EXPECT_EQ(keys.begin("k", "POST /v1/validations", 7).outcome, Outcome::Claimed);
  EXPECT_EQ(keys.begin("k", "POST /v1/validations", 7).outcome, Outcome::InProgress);
  EXPECT_EQ(keys.begin("k", "POST /v1/validations", 8).outcome, Outcome::OtherRequest);
  EXPECT_EQ(keys.begin("k", "PUT /v1/clusters/X", 7).outcome, Outcome::Claimed);  // another scope
  ASSERT_EQ(keys.unfinished().size(), 2u);
  keys.finish("k", "POST /v1/validations", {202, "application/json", "{\"id\":1}", {{"Location", "/v1/jobs/1"}}});
  auto replay = keys.begin("k", "POST /v1/validations", 7);
  EXPECT_EQ(replay.outcome, Outcome::Replay);
  EXPECT_EQ(replay.answer.status, 202);
  EXPECT_EQ(replay.answer.body, "{\"id\":1}");
  ASSERT_EQ(replay.answer.headers.size(), 1u);
  EXPECT_EQ(replay.answer.headers[0].second, "/v1/jobs/1");
  keys.abandon("k", "PUT /v1/clusters/X");
  EXPECT_TRUE(keys.unfinished().empty());
  keys.abandon("k", "POST /v1/validations");  // a finished answer is kept
  EXPECT_EQ(keys.begin("k", "POST /v1/validations", 7).outcome, Outcome::Replay);
}

TEST_P(StoreContract, TokensAreCreatedFoundRevokedAndCounted) {
  auto& tokens = *stores->tokens;
  api::TokenRecord portal{"portal", api::Role::Operator, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", {}, {}};
  api::TokenRecord ci{"ci", api::Role::Reader, "2026-01-02T00:00:00Z", {}, {}, {}};
  EXPECT_TRUE(tokens.create(portal, "hash-1"));
  EXPECT_FALSE(tokens.create(portal, "hash-2"));  // the name is taken
  EXPECT_TRUE(tokens.create(ci, "hash-3"));
  auto found = tokens.findByHash("hash-1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->name, "portal");
  EXPECT_EQ(found->role, api::Role::Operator);
  EXPECT_EQ(found->expiresAt, "2027-01-01T00:00:00Z");
  EXPECT_FALSE(tokens.findByHash("hash-2"));
  tokens.markUsed("ci", "2026-02-01T00:00:00Z");
  auto listed = tokens.list();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[1].lastUsedAt, "2026-02-01T00:00:00Z");
  EXPECT_EQ(tokens.countUsable("2026-06-01T00:00:00Z"), 2u);
  EXPECT_EQ(tokens.countUsable("2027-06-01T00:00:00Z"), 1u);  // portal expired
  EXPECT_TRUE(tokens.revoke("ci", "2026-03-01T00:00:00Z"));
  EXPECT_FALSE(tokens.revoke("ci", "2026-03-02T00:00:00Z"));
  EXPECT_EQ(tokens.findByHash("hash-3")->revokedAt, "2026-03-01T00:00:00Z");
  EXPECT_EQ(tokens.countUsable("2026-06-01T00:00:00Z"), 1u);
}

TEST_P(StoreContract, AuditRecordsArePagedNewestFirstAndFiltered) {
  auto& audit = *stores->audit;
  for (int i = 0; i < 5; ++i) {
    audit.append({0, "2026-01-0" + std::to_string(i + 1) + "T00:00:00.000Z", i % 2 ? "portal" : "", "operator",
                  "127.0.0.1", "POST", "/v1/validations", 202, "r" + std::to_string(i), "job" + std::to_string(i)});
  }
  api::AuditQuery q;
  q.limit = 2;
  auto page = audit.list(q);
  ASSERT_EQ(page.records.size(), 2u);
  EXPECT_EQ(page.records[0].requestId, "r4");
  EXPECT_EQ(page.records[0].status, 202);
  ASSERT_TRUE(page.nextBeforeSeq);
  q.beforeSeq = page.nextBeforeSeq;
  EXPECT_EQ(audit.list(q).records[0].requestId, "r2");
  api::AuditQuery byToken;
  byToken.tokenName = "portal";
  EXPECT_EQ(audit.list(byToken).records.size(), 2u);
  api::AuditQuery since;
  since.since = "2026-01-04T00:00:00.000Z";
  EXPECT_EQ(audit.list(since).records.size(), 2u);
}

TEST_P(StoreContract, AJobsChangeOfStatusBecomesDeliveriesOnce) {
  auto& webhooks = *stores->webhooks;
  webhooks.addSubscription({"s1", "https://portal.example/hook", {"job.succeeded"}, "sealed", "2026-01-01T00:00:00Z"});
  EXPECT_EQ(webhooks.subscription("s1")->events, std::vector<std::string>{"job.succeeded"});
  EXPECT_EQ(webhooks.subscriptions().size(), 1u);
  Job job = sampleJob("j1", "C1");
  stores->jobs->insert(job, {});
  EXPECT_TRUE(webhooks.transitions(10).empty());  // a new job is no transition
  markStarted(job, "t1");
  stores->jobs->update(job, {});
  stores->jobs->update(job, {});  // no change of status, no transition
  auto transitions = webhooks.transitions(10);
  ASSERT_EQ(transitions.size(), 1u);
  EXPECT_EQ(transitions[0].status, "running");

  api::WebhookDelivery d;
  d.id = "d1";
  d.subscriptionId = "s1";
  d.event = "job.started";
  d.jobId = "j1";
  d.body = "{}";
  d.createdAt = "2026-01-01T00:00:00.000Z";
  d.firstAttemptDueMs = d.nextAttemptMs = 1000;
  d.transitionSeq = transitions[0].seq;
  webhooks.fanOut(transitions[0].seq, {d});
  EXPECT_TRUE(webhooks.transitions(10).empty());
  EXPECT_EQ(webhooks.nextDueMs(), 1000);
  auto due = webhooks.due(2000, 10);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].id, "d1");
  EXPECT_EQ(due[0].nextAttemptMs, 1000);
  due[0].state = api::DeliveryState::Delivered;
  due[0].attempts = 1;
  due[0].lastStatus = 204;
  due[0].lastAttemptAt = "2026-01-01T00:00:01.000Z";
  webhooks.recordAttempt(due[0]);
  EXPECT_FALSE(webhooks.nextDueMs());
  auto listed = webhooks.deliveries("s1", 10, std::nullopt);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].state, api::DeliveryState::Delivered);
  EXPECT_EQ(listed[0].lastStatus, 204);
  EXPECT_EQ(webhooks.pruneDeliveries("2026-01-02T00:00:00.000Z"), 1);
  EXPECT_TRUE(webhooks.removeSubscription("s1"));
  EXPECT_FALSE(webhooks.removeSubscription("s1"));
}

TEST_P(StoreContract, HealthWritesAndSaysWhichDatabase) {
  auto health = stores->health();
  EXPECT_TRUE(health.ready) << health.detail;
  EXPECT_FALSE(stores->openedNote.empty());
}

// What only instances sharing a database need.
class SharedPostgres : public ::testing::Test {
 protected:
  test::TestPostgresDatabase database;
  std::shared_ptr<PgPool> pool = std::make_shared<PgPool>(database.url(), 4);
  std::unique_ptr<StoreSet> first = openAs("instance-a");
  PgJobStore a{pool, "instance-a"};
  PgJobStore b{pool, "instance-b"};

  std::unique_ptr<StoreSet> openAs(const std::string& id) {
    StoreSettings settings;
    settings.instanceId = id;
    return StoreSet::open({DatabaseLocation::Kind::Postgres, database.url()}, settings);
  }
  void insert(const std::string& id, const std::string& cluster) {
    Job job = sampleJob(id, cluster);
    a.insert(job, {});
  }
  void finish(PgJobStore& owner, const std::string& id) {
    Job job = *owner.find(id);
    markStarted(job, "t");
    markFailed(job, {{"detail", "ended"}}, "t");
    owner.update(job, {});
  }
};

TEST_F(SharedPostgres, ClaimsGoInSubmitOrderWithOneJobPerClusterAcrossInstances) {
  using std::chrono::seconds;
  insert("c1-first", "C1");
  insert("c1-second", "C1");
  insert("c2-first", "C2");
  insert("loose", "");
  EXPECT_EQ(a.queue().queued, 4u);
  EXPECT_EQ(a.queue().oldestQueuedAt, "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(a.claimNext(seconds(30)), "c1-first");
  EXPECT_EQ(b.claimNext(seconds(30)), "c2-first");  // C1 is busy on instance a
  EXPECT_EQ(b.claimNext(seconds(30)), "loose");
  EXPECT_FALSE(a.claimNext(seconds(30)));
  finish(a, "c1-first");
  a.release("c1-first");
  EXPECT_EQ(b.claimNext(seconds(30)), "c1-second");
  a.announce({"", "http://a", "1", "2026-01-01T00:00:00Z", "", {}});
  b.announce({"", "http://b", "1", "2026-01-01T00:00:01Z", "", {}});
  auto instances = a.instances(seconds(10));
  ASSERT_EQ(instances.size(), 2u);
  EXPECT_EQ(instances[0].id, "instance-a");
  EXPECT_TRUE(instances[0].jobs.empty());
  EXPECT_EQ(instances[1].jobs, (std::vector<std::string>{"c1-second", "c2-first", "loose"}));  // by seq
}

TEST_F(SharedPostgres, ClaimsRacingFromManyThreadsNeverShareAJobOrACluster) {
  for (int i = 0; i < 40; ++i) insert("j" + std::to_string(i), "C" + std::to_string(i % 8));
  std::vector<std::thread> racers;
  std::mutex mutex;
  std::vector<std::string> claimed;
  for (int t = 0; t < 8; ++t) {
    racers.emplace_back([&, t] {
      PgJobStore mine(pool, "racer-" + std::to_string(t));
      while (auto id = mine.claimNext(std::chrono::seconds(30))) {
        std::lock_guard<std::mutex> lock(mutex);
        claimed.push_back(*id);
      }
    });
  }
  for (auto& r : racers) r.join();
  // One per cluster, each its cluster's first: j0..j7.
  std::sort(claimed.begin(), claimed.end());
  EXPECT_EQ(claimed, (std::vector<std::string>{"j0", "j1", "j2", "j3", "j4", "j5", "j6", "j7"}));
}

TEST_F(SharedPostgres, ALapsedLeaseIsTakenOverAndTheOldOwnerIsFencedOff) {
  insert("job", "C1");
  ASSERT_EQ(a.claimNext(std::chrono::milliseconds(200)), "job");
  Job seenByA = *a.find("job");
  markStarted(seenByA, "t");
  a.update(seenByA, {});
  EXPECT_FALSE(b.claimNext(std::chrono::seconds(30)));  // a's lease still holds
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  ASSERT_EQ(b.claimNext(std::chrono::seconds(30)), "job");  // running, lease lapsed: b resumes it
  EXPECT_TRUE(a.renew({"job"}, std::chrono::seconds(30)).empty());
  EXPECT_THROW(a.update(seenByA, {}), StorageFailure);
  a.release("job");  // a no-op for a lease a no longer holds
  b.requestCancel("job");
  auto held = b.renew({"job"}, std::chrono::seconds(30));
  ASSERT_EQ(held.size(), 1u);
  EXPECT_TRUE(held[0].cancelRequested);
  EXPECT_NO_THROW(b.update(*b.find("job"), {}));
}

TEST_F(SharedPostgres, MigrationsRunOnceWhenInstancesStartTogetherAndANewerSchemaIsRefused) {
  test::TestPostgresDatabase fresh;
  std::vector<std::thread> starts;
  std::atomic<int> opened{0};
  for (int i = 0; i < 4; ++i) {
    starts.emplace_back([&, i] {
      StoreSettings settings;
      settings.instanceId = "starter-" + std::to_string(i);
      if (StoreSet::open({DatabaseLocation::Kind::Postgres, fresh.url()}, settings)) ++opened;
    });
  }
  for (auto& s : starts) s.join();
  EXPECT_EQ(opened, 4);
  fresh.exec("UPDATE clusterforge_schema SET version = 99");
  StoreSettings settings;
  settings.instanceId = "late";
  try {
    StoreSet::open({DatabaseLocation::Kind::Postgres, fresh.url()}, settings);
    FAIL() << "a newer schema was accepted";
  } catch (const StorageFailure& e) {
    EXPECT_NE(std::string(e.what()).find("newer than this build"), std::string::npos) << e.what();
  }
}

TEST_F(SharedPostgres, ATransitionIsFannedOutOnceWhenTwoInstancesRaceForIt) {
  first->webhooks->addSubscription({"s1", "https://x.example/h", {"job.started"}, "sealed", "t"});
  insert("job", "C1");
  Job job = *a.find("job");
  markStarted(job, "t");
  a.update(job, {});
  auto second = openAs("instance-b");
  auto seen = first->webhooks->transitions(10);
  ASSERT_EQ(seen.size(), 1u);
  auto delivery = [&](const std::string& id) {
    api::WebhookDelivery d;
    d.id = id;
    d.subscriptionId = "s1";
    d.event = "job.started";
    d.jobId = "job";
    d.body = "{}";
    d.createdAt = "t";
    d.transitionSeq = seen[0].seq;
    return d;
  };
  first->webhooks->fanOut(seen[0].seq, {delivery("from-a")});
  second->webhooks->fanOut(seen[0].seq, {delivery("from-b")});  // read before a's fan-out
  auto made = first->webhooks->deliveries("s1", 10, std::nullopt);
  ASSERT_EQ(made.size(), 1u);
  EXPECT_EQ(made[0].id, "from-a");
  EXPECT_EQ(first->webhooks->due(1, 10).size(), 1u);
  EXPECT_TRUE(second->webhooks->due(1, 10).empty());  // leased to the first asker
}

TEST_F(SharedPostgres, AtStartAnInstanceResolvesOnlyTheClaimsOfInstancesNoLongerAlive) {
  PgIdempotencyStore keysOfA(pool, "instance-a", std::chrono::seconds(10));
  PgIdempotencyStore keysOfDead(pool, "instance-gone", std::chrono::seconds(10));
  PgIdempotencyStore keysOfB(pool, "instance-b", std::chrono::seconds(10));
  a.announce({"", "http://a", "1", "t", "", {}});
  keysOfA.begin("live", "POST /v1/validations", 1);
  keysOfDead.begin("orphan", "POST /v1/validations", 1);
  auto unfinished = keysOfB.unfinished();
  ASSERT_EQ(unfinished.size(), 1u);
  EXPECT_EQ(unfinished[0].key, "orphan");
}

}  // namespace
}  // namespace cf::storage
