#include "storage/sqlite_job_store.h"

#include "storage/database.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "orchestration/common/clock.h"
#include "storage/job_rows.h"
#include "storage/sqlite_errors.h"
#include "storage/sqlite_row.h"
#include <nlohmann/json.hpp>

namespace cf::storage {

namespace {

Job jobOf(SQLite::Statement& row) { return jobFromRow(SqliteRow{row}); }

// The job's state as both the INSERT and the UPDATE write it (named
// parameters). Rendered before the write, by the thread that asks for it:
// inside the change it would lengthen the commit every writer waits for.
void bindState(SQLite::Statement& s, const StateColumns& columns) {
  for (const auto& [column, value] : columns) {
    std::string name = ":" + column;
    if (value) s.bind(name, *value);
    else s.bind(name);
  }
}

void bindOptionalText(SQLite::Statement& s, const char* name, const std::string& value) {
  if (value.empty()) s.bind(name);
  else s.bind(name, value);
}

}  // namespace

SqliteJobStore::SqliteJobStore(std::shared_ptr<GroupCommit> connection)
    : connection_(std::move(connection)) {}
SqliteJobStore::~SqliteJobStore() = default;

std::unique_ptr<SqliteJobStore> SqliteJobStore::open(const std::string& path) {
  return std::make_unique<SqliteJobStore>(GroupCommit::open(path));
}

void SqliteJobStore::appendEvents(const std::string& jobId, const std::vector<JobEvent>& events, bool newJob) {
  if (events.empty()) return;
  int64_t next = 0;  // a job just inserted has no events yet
  if (!newJob) {
    auto& last = connection_->prepared("SELECT COALESCE(MAX(sequence), 0) FROM job_events WHERE job_id = ?");
    last.bind(1, jobId);
    last.executeStep();
    next = last.getColumn(0).getInt64();
    last.reset();  // a statement left mid-read would hold its snapshot
  }
  auto& insert = connection_->prepared(
      "INSERT INTO job_events(job_id, sequence, time, level, step, message) VALUES (?, ?, ?, ?, ?, ?)");
  for (const auto& e : events) {
    insert.bind(1, jobId);
    insert.bind(2, static_cast<int64_t>(++next));
    insert.bind(3, e.time);
    insert.bind(4, toString(e.level));
    insert.bind(5, e.step);
    insert.bind(6, e.message);
    insert.exec();
    insert.reset();
  }
}

void SqliteJobStore::insertWith(Job& job, const std::vector<JobEvent>& events, const Alongside& alongside) {
  const auto state = jobStateColumns(job);
  guarded([&] {
    connection_->write([&](SQLite::Database& db) {
      auto& s = connection_->prepared(
          "INSERT INTO jobs(id, kind, cluster, status, cancel_requested, spec, steps, percent, result, error, "
          "attempt, created_at, started_at, finished_at, workflow_version, request_key) "
          "VALUES (:id, :kind, :cluster, :status, :cancel_requested, :spec, :steps, :percent, :result, :error, "
          ":attempt, :created_at, :started_at, :finished_at, :workflow_version, :request_key)");
      bindState(s, state);
      s.bind(":kind", job.kind);
      s.bind(":cluster", job.cluster);
      s.bind(":created_at", job.createdAt);
      bindOptionalText(s, ":request_key", job.requestKey);
      s.exec();
      job.seq = db.getLastInsertRowid();
      appendEvents(job.id, events, true);
      // A write of a store on this connection joins this change (GroupCommit).
      if (alongside) alongside(job);
    });
  });
}

void SqliteJobStore::update(const Job& job, const std::vector<JobEvent>& events) {
  const auto state = jobStateColumns(job);
  guarded([&] {
    connection_->write([&](SQLite::Database&) {
      // cancel_requested is only ever raised, by requestCancel; an update made from
      // an older copy of the job must not lower it again.
      auto& s = connection_->prepared(
          "UPDATE jobs SET status = :status, cancel_requested = MAX(cancel_requested, CAST(:cancel_requested AS "
          "INTEGER)), "
          "steps = :steps, percent = :percent, result = :result, error = :error, attempt = :attempt, "
          "started_at = :started_at, finished_at = :finished_at, spec = :spec, "
          "workflow_version = :workflow_version WHERE id = :id");
      bindState(s, state);
      if (s.exec() != 1) throw std::runtime_error("job " + job.id + " is not in the store");
      appendEvents(job.id, events, false);
    });
  });
}

std::optional<Job> SqliteJobStore::requestCancel(const std::string& id) {
  std::optional<Job> job;
  guarded([&] {
    connection_->write([&](SQLite::Database& db) {
      SQLite::Statement s(db,
                          "UPDATE jobs SET cancel_requested = 1 WHERE id = ? AND cancel_requested = 0 "
                          "AND status IN ('queued', 'running')");
      s.bind(1, id);
      if (s.exec() == 1) {
        appendEvents(id, {JobEvent{0, nowRfc3339(), EventLevel::Info, "", "cancel requested"}}, false);
      }
      job = findIn(db, id);
    });
  });
  return job;
}

std::optional<Job> SqliteJobStore::findIn(SQLite::Database& db, const std::string& id) {
  SQLite::Statement s(db, std::string("SELECT ") + kJobColumns + " FROM jobs WHERE id = ?");
  s.bind(1, id);
  if (!s.executeStep()) return std::nullopt;
  return jobOf(s);
}

std::optional<Job> SqliteJobStore::findByRequestKey(const std::string& requestKey) {
  return guarded([&]() -> std::optional<Job> {
    return connection_->withConnection([&](SQLite::Database& db) -> std::optional<Job> {
      SQLite::Statement s(db, std::string("SELECT ") + kJobColumns + " FROM jobs WHERE request_key = ?");
      s.bind(1, requestKey);
      if (!s.executeStep()) return std::nullopt;
      return jobOf(s);
    });
  });
}

std::optional<Job> SqliteJobStore::find(const std::string& id) {
  return guarded([&]() -> std::optional<Job> {
    return connection_->withConnection([&](SQLite::Database& db) -> std::optional<Job> { return findIn(db, id); });
  });
}

JobPage SqliteJobStore::list(const JobQuery& query) {
  return guarded([&]() -> JobPage {
    return connection_->withConnection([&](SQLite::Database& db) -> JobPage {
      std::string sql = std::string("SELECT ") + kJobColumns + " FROM jobs WHERE 1 = 1";
      if (query.status) sql += " AND status = :status";
      if (query.kind) sql += " AND kind = :kind";
      if (query.cluster) sql += " AND cluster = :cluster";
      if (query.beforeSeq) sql += " AND seq < :before";
      sql += " ORDER BY seq DESC LIMIT :limit";
      SQLite::Statement s(db, sql);
      if (query.status) s.bind(":status", toString(*query.status));
      if (query.kind) s.bind(":kind", *query.kind);
      if (query.cluster) s.bind(":cluster", *query.cluster);
      if (query.beforeSeq) s.bind(":before", static_cast<int64_t>(*query.beforeSeq));
      s.bind(":limit", query.limit + 1);  // one more tells whether another page follows
      JobPage page;
      while (s.executeStep()) page.jobs.push_back(jobOf(s));
      if (page.jobs.size() > static_cast<size_t>(query.limit)) {
        page.jobs.pop_back();
        page.nextBeforeSeq = page.jobs.back().seq;
      }
      return page;
    });
  });
}

std::vector<JobEvent> SqliteJobStore::events(const std::string& id, int64_t afterSequence, int limit) {
  return guarded([&]() -> std::vector<JobEvent> {
    return connection_->withConnection([&](SQLite::Database& db) -> std::vector<JobEvent> {
      SQLite::Statement s(db, std::string("SELECT ") + kEventColumns +
                                  " FROM job_events WHERE job_id = ? AND sequence > ? ORDER BY sequence LIMIT ?");
      s.bind(1, id);
      s.bind(2, static_cast<int64_t>(afterSequence));
      s.bind(3, limit);
      std::vector<JobEvent> out;
      while (s.executeStep()) out.push_back(eventFromRow(SqliteRow{s}));
      return out;
    });
  });
}

std::vector<Job> SqliteJobStore::running() {
  return guarded([&]() -> std::vector<Job> {
    return connection_->withConnection([&](SQLite::Database& db) -> std::vector<Job> {
      SQLite::Statement s(db,
                          std::string("SELECT ") + kJobColumns + " FROM jobs WHERE status = 'running' ORDER BY seq");
      std::vector<Job> out;
      while (s.executeStep()) out.push_back(jobOf(s));
      return out;
    });
  });
}

std::vector<QueuedJob> SqliteJobStore::queued() {
  return guarded([&]() -> std::vector<QueuedJob> {
    return connection_->withConnection([&](SQLite::Database& db) -> std::vector<QueuedJob> {
      SQLite::Statement s(db, "SELECT seq, id, cluster FROM jobs WHERE status = 'queued' ORDER BY seq");
      std::vector<QueuedJob> out;
      // Counted first (from the index alone): at 100,000 queued jobs growing
      // the vector as it filled was a sixth of the time to ready.
      out.reserve(static_cast<size_t>(db.execAndGet("SELECT count(*) FROM jobs WHERE status = 'queued'").getInt64()));
      while (s.executeStep()) {
        out.push_back({s.getColumn(0).getInt64(), s.getColumn(1).getString(), s.getColumn(2).getString()});
      }
      return out;
    });
  });
}

std::optional<Job> SqliteJobStore::latestForCluster(const std::string& cluster) {
  return guarded([&]() -> std::optional<Job> {
    return connection_->withConnection([&](SQLite::Database& db) -> std::optional<Job> {
      SQLite::Statement s(
          db, std::string("SELECT ") + kJobColumns + " FROM jobs WHERE cluster = ? ORDER BY seq DESC LIMIT 1");
      s.bind(1, cluster);
      if (!s.executeStep()) return std::nullopt;
      return jobOf(s);
    });
  });
}

StorageHealth SqliteJobStore::health() {
  std::lock_guard<std::mutex> lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  if (now - lastProbe_ < std::chrono::seconds(1)) return lastHealth_;
  lastProbe_ = now;
  connection_->withConnection([&](SQLite::Database& db) {
    try {
      connection_->requireSameFile();
      // A short wait: /readyz must answer promptly even while another process
      // holds the database.
      db.setBusyTimeout(250);
      SQLite::Transaction transaction(db);
      db.exec("INSERT OR REPLACE INTO storage_probe(id, written_at) VALUES (1, strftime('%s', 'now'))");
      transaction.commit();
      db.setBusyTimeout(kBusyTimeoutMs);
      lastHealth_ = {true, "reads and writes"};
    } catch (const std::exception& e) {
      db.setBusyTimeout(kBusyTimeoutMs);
      lastHealth_ = {false, std::string("cannot be written: ") + e.what()};
    }
  });
  return lastHealth_;
}

}  // namespace cf::storage
