// How GET /v1/jobs paging, and a job's page of events, cost as the tables
// grow: the same queries against a store of 1,000 jobs (the reference) and of
// 100,000, each with an event per job, measured in one run.
// Keyset paging over the (filter, seq) indexes should keep the ratio near 1.
//
//   ninja -C build clusterforge_bench_job_paging && build/bin/clusterforge_bench_job_paging
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "bench/bench_job_kinds.h"
#include "storage/sqlite_job_store.h"
#include "tests/support/temp_dir.h"

namespace {

using Clock = std::chrono::steady_clock;

const char* kStatuses[] = {"succeeded", "succeeded", "succeeded", "failed", "canceled"};

// Bulk-loads `count` finished jobs over 200 clusters, plus 20 queued ones on a
// cluster of their own. A second connection with synchronous=OFF keeps the
// load fast; the store then opens the file as the service would.
void populate(const std::string& path, int count) {
  { cf::storage::SqliteJobStore::open(path); }  // creates the schema
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  db.exec("PRAGMA synchronous = OFF");
  SQLite::Transaction transaction(db);
  SQLite::Statement insert(db,
                           "INSERT INTO jobs(id, kind, cluster, status, spec, steps, created_at) "
                           "VALUES (?, ?, ?, ?, '{}', '[]', '2026-01-01T00:00:00.000Z')");
  for (int i = 0; i < count + 20; ++i) {
    bool queued = i >= count;
    insert.bind(1, "job-" + std::to_string(i));
    insert.bind(2, i % 7 == 0 ? cf::bench::kRarerJobKind : cf::bench::kCommonJobKind);
    insert.bind(3, queued ? std::string("RARE") : "C" + std::to_string(i % 200));
    insert.bind(4, queued ? "queued" : kStatuses[(i / 200) % 5]);  // independent of the cluster
    insert.exec();
    insert.reset();
  }
  // A job with a page of events, and one event on each of the others' first 200.
  SQLite::Statement event(db,
                          "INSERT INTO job_events(job_id, sequence, time, level, step, message) "
                          "VALUES (?, ?, '2026-01-01T00:00:00.000Z', 'info', 'step', 'a step happened')");
  for (int i = 0; i < 60; ++i) {
    event.bind(1, "job-7");
    event.bind(2, i + 1);
    event.exec();
    event.reset();
  }
  for (int i = 0; i < count; ++i) {
    if (i == 7) continue;
    event.bind(1, "job-" + std::to_string(i));
    event.bind(2, 1);
    event.exec();
    event.reset();
  }
  transaction.commit();
}

// Median microseconds of `rounds` runs of `query`.
double medianMicros(const std::function<void()>& query, int rounds = 41) {
  std::vector<double> samples;
  for (int i = 0; i < rounds; ++i) {
    auto start = Clock::now();
    query();
    samples.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  std::nth_element(samples.begin(), samples.begin() + rounds / 2, samples.end());
  return samples[rounds / 2];
}

// Filters of a GET /v1/jobs, and how many pages deep the page measured is.
struct Case {
  const char* name;
  std::optional<cf::JobStatus> status;
  std::optional<std::string> kind;
  std::optional<std::string> cluster;
  int pagesDeep = 0;
};

// The query for the case's page: its filters, after `pagesDeep` pages.
cf::JobQuery queryFor(const Case& c, cf::JobStore& store) {
  cf::JobQuery q;
  q.status = c.status;
  q.kind = c.kind;
  q.cluster = c.cluster;
  for (int i = 0; i < c.pagesDeep; ++i) q.beforeSeq = store.list(q).nextBeforeSeq;
  return q;
}

}  // namespace

int main() {
  using cf::JobStatus;
  const std::vector<Case> cases = {
      {"first page, no filter", {}, {}, {}},
      {"page 20 deep, no filter", {}, {}, {}, 20},
      {"status=succeeded", JobStatus::Succeeded, {}, {}},
      {"status=queued (rare)", JobStatus::Queued, {}, {}},
      {"cluster=C7", {}, {}, "C7"},
      {"kind=<rarer kind>", {}, cf::bench::kRarerJobKind, {}},
      {"cluster=C7 and status=failed", JobStatus::Failed, {}, "C7"},
  };

  cf::test::TempDir dir;
  const int small = 1000, large = 100000;
  std::printf("populating stores of %d and %d jobs...\n", small, large);
  populate(dir.file("small.db"), small);
  populate(dir.file("large.db"), large);
  auto smallStore = cf::storage::SqliteJobStore::open(dir.file("small.db"));
  auto largeStore = cf::storage::SqliteJobStore::open(dir.file("large.db"));

  std::printf("\n%-32s %16s %16s %8s\n", "GET /v1/jobs?limit=50", "1k jobs us (rows)", "100k jobs us (rows)", "ratio");
  double worst = 0;
  for (const auto& c : cases) {
    auto qs = queryFor(c, *smallStore);
    auto ql = queryFor(c, *largeStore);
    double s = medianMicros([&] { smallStore->list(qs); });
    double l = medianMicros([&] { largeStore->list(ql); });
    size_t rowsSmall = smallStore->list(qs).jobs.size(), rowsLarge = largeStore->list(ql).jobs.size();
    // A page the small store cannot fill is cheaper for that reason alone.
    if (rowsSmall == rowsLarge) worst = std::max(worst, l / s);
    std::printf("%-32s %10.0f (%3zu) %12.0f (%3zu) %8.2f\n", c.name, s, rowsSmall, l, rowsLarge, l / s);
  }
  double s = medianMicros([&] { smallStore->events("job-7", 0, 50); });
  double l = medianMicros([&] { largeStore->events("job-7", 0, 50); });
  worst = std::max(worst, l / s);
  std::printf("%-32s %10.0f (%3zu) %12.0f (%3zu) %8.2f\n", "GET /v1/jobs/{id}/events", s,
              smallStore->events("job-7", 0, 50).size(), l, largeStore->events("job-7", 0, 50).size(), l / s);
  std::printf("\nworst ratio 100k/1k among pages of equal size: %.2f (1.0 = cost independent of table size)\n", worst);
  return 0;
}
