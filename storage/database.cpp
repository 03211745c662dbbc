#include "storage/database.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <mutex>
#include <stdexcept>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

namespace cf::storage {

namespace {

// Each entry takes the schema from version i to i + 1. Never edit a shipped
// entry: add a new one.
const std::vector<const char*>& migrations() {
  static const std::vector<const char*> list = {
      // 1: jobs and their event logs.
      R"sql(
        CREATE TABLE jobs (
          seq              INTEGER PRIMARY KEY AUTOINCREMENT,
          id               TEXT NOT NULL UNIQUE,
          kind             TEXT NOT NULL,
          cluster          TEXT NOT NULL DEFAULT '',
          status           TEXT NOT NULL,
          cancel_requested INTEGER NOT NULL DEFAULT 0,
          spec             TEXT NOT NULL,
          steps            TEXT NOT NULL,
          percent          INTEGER NOT NULL DEFAULT 0,
          result           TEXT NOT NULL DEFAULT '{}',
          error            TEXT,
          attempt          INTEGER NOT NULL DEFAULT 0,
          created_at       TEXT NOT NULL,
          started_at       TEXT,
          finished_at      TEXT
        );
        -- Keyset paging, newest first, with or without one filter.
        CREATE INDEX jobs_by_status  ON jobs(status, seq);
        CREATE INDEX jobs_by_kind    ON jobs(kind, seq);
        CREATE INDEX jobs_by_cluster ON jobs(cluster, seq);
        CREATE TABLE job_events (
          job_id   TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
          sequence INTEGER NOT NULL,
          time     TEXT NOT NULL,
          level    TEXT NOT NULL,
          step     TEXT NOT NULL DEFAULT '',
          message  TEXT NOT NULL,
          PRIMARY KEY (job_id, sequence)
        ) WITHOUT ROWID;
      )sql",
      // 2: two filters at once (a dashboard's "failed jobs of this cluster")
      // scanned every row of the first filter's value; found by
      // bench/job_paging_bench at 100,000 jobs.
      R"sql(
        CREATE INDEX jobs_by_cluster_status ON jobs(cluster, status, seq);
        CREATE INDEX jobs_by_cluster_kind   ON jobs(cluster, kind, seq);
        CREATE INDEX jobs_by_kind_status    ON jobs(kind, status, seq);
      )sql",
      // 3: validation reports, listed by cluster or by node.
      R"sql(
        CREATE TABLE validation_reports (
          seq        INTEGER PRIMARY KEY AUTOINCREMENT,
          id         TEXT NOT NULL UNIQUE,
          cluster    TEXT NOT NULL DEFAULT '',
          verdict    TEXT NOT NULL,
          created_at TEXT NOT NULL,
          report     TEXT NOT NULL
        );
        CREATE INDEX validation_reports_by_cluster ON validation_reports(cluster, seq);
        CREATE TABLE validation_report_nodes (
          node       TEXT NOT NULL,
          report_seq INTEGER NOT NULL REFERENCES validation_reports(seq) ON DELETE CASCADE,
          PRIMARY KEY (node, report_seq)
        ) WITHOUT ROWID;
      )sql",
      // 4: answers to requests sent with an Idempotency-Key.
      R"sql(
        CREATE TABLE idempotency_keys (
          key          TEXT NOT NULL,
          scope        TEXT NOT NULL,
          fingerprint  TEXT NOT NULL,
          finished     INTEGER NOT NULL DEFAULT 0,
          status       INTEGER NOT NULL DEFAULT 0,
          content_type TEXT NOT NULL DEFAULT '',
          headers      TEXT NOT NULL DEFAULT '[]',
          body         TEXT NOT NULL DEFAULT '',
          created_at   INTEGER NOT NULL,
          PRIMARY KEY (key, scope)
        ) WITHOUT ROWID;
        CREATE INDEX idempotency_keys_by_age ON idempotency_keys(created_at);
      )sql",
      // 5: the version of the workflow a job's steps were listed from, so a
      // job resumed by a newer build is matched to its steps safely.
      R"sql(
        ALTER TABLE jobs ADD COLUMN workflow_version INTEGER NOT NULL DEFAULT 1;
      )sql",
      // 6: the Idempotency-Key a job was submitted with, written with the job,
      // so a claim left by a crash can be resolved to the job it created.
      R"sql(
        ALTER TABLE jobs ADD COLUMN request_key TEXT;
        CREATE INDEX jobs_by_request_key ON jobs(request_key) WHERE request_key IS NOT NULL;
      )sql",
      // 7: one row /readyz rewrites to prove the database can be written.
      R"sql(
        CREATE TABLE storage_probe (id INTEGER PRIMARY KEY, written_at INTEGER NOT NULL);
      )sql",
      // 8: bearer tokens (their SHA-256 only) and the audit trail.
      R"sql(
        CREATE TABLE tokens (
          name         TEXT PRIMARY KEY,
          hash         TEXT NOT NULL UNIQUE,
          role         TEXT NOT NULL,
          created_at   TEXT NOT NULL,
          expires_at   TEXT,
          last_used_at TEXT,
          revoked_at   TEXT
        );
        CREATE TABLE audit (
          seq        INTEGER PRIMARY KEY AUTOINCREMENT,
          time       TEXT NOT NULL,
          token_name TEXT NOT NULL DEFAULT '',
          role       TEXT NOT NULL DEFAULT '',
          client     TEXT NOT NULL DEFAULT '',
          method     TEXT NOT NULL,
          path       TEXT NOT NULL,
          status     INTEGER NOT NULL,
          request_id TEXT NOT NULL DEFAULT '',
          job_id     TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX audit_by_token ON audit(token_name, seq);
        CREATE INDEX audit_by_time ON audit(time);
      )sql",
      // 9: webhooks. A job's change of status is recorded by a trigger in
      // the transaction that makes it, so the outbox cannot miss one.
      R"sql(
        CREATE TABLE webhook_subscriptions (
          id            TEXT PRIMARY KEY,
          url           TEXT NOT NULL,
          events        TEXT NOT NULL,
          sealed_secret TEXT NOT NULL,
          created_at    TEXT NOT NULL
        );
        CREATE TABLE job_transitions (
          seq    INTEGER PRIMARY KEY AUTOINCREMENT,
          job_id TEXT NOT NULL,
          status TEXT NOT NULL
        );
        CREATE TRIGGER jobs_status_transition AFTER UPDATE OF status ON jobs
          WHEN NEW.status <> OLD.status
        BEGIN
          INSERT INTO job_transitions(job_id, status) VALUES (NEW.id, NEW.status);
        END;
        CREATE TABLE webhook_deliveries (
          seq                  INTEGER PRIMARY KEY AUTOINCREMENT,
          id                   TEXT NOT NULL UNIQUE,
          subscription_id      TEXT NOT NULL REFERENCES webhook_subscriptions(id) ON DELETE CASCADE,
          event                TEXT NOT NULL,
          job_id               TEXT NOT NULL,
          body                 TEXT NOT NULL,
          state                TEXT NOT NULL,
          attempts             INTEGER NOT NULL DEFAULT 0,
          created_at           TEXT NOT NULL,
          first_attempt_due_ms INTEGER NOT NULL,
          next_attempt_ms      INTEGER NOT NULL,
          last_attempt_at      TEXT,
          last_status          INTEGER,
          last_error           TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX webhook_deliveries_due ON webhook_deliveries(state, next_attempt_ms);
        CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries(subscription_id, seq);
      )sql",
  };
  return list;
}

}  // namespace

std::pair<uint64_t, uint64_t> fileIdentityOf(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return {0, 0};
  return {static_cast<uint64_t>(info.st_dev), static_cast<uint64_t>(info.st_ino)};
}

int currentSchemaVersion() { return static_cast<int>(migrations().size()); }

int migrate(SQLite::Database& db) {
  int version = db.execAndGet("PRAGMA user_version").getInt();
  if (version > currentSchemaVersion()) {
    throw std::runtime_error("database schema version " + std::to_string(version) +
                             " is newer than this build understands (" + std::to_string(currentSchemaVersion()) +
                             "); run a newer ClusterForge");
  }
  for (int v = version; v < currentSchemaVersion(); ++v) {
    SQLite::Transaction transaction(db);
    db.exec(migrations()[static_cast<size_t>(v)]);
    db.exec("PRAGMA user_version = " + std::to_string(v + 1));
    transaction.commit();
  }
  return currentSchemaVersion();
}

namespace {

// Files this process has quick_checked, or found as its last clean close left them.
std::mutex checkedMutex;
std::set<std::pair<uint64_t, uint64_t>> checked;

std::string cleanCloseRecordOf(const std::string& path) { return path + ".clean"; }

// What tells a file nobody touched: where it is, its size and when it changed.
std::string fileStamp(const std::string& path) {
  std::error_code ec;
  auto identity = fileIdentityOf(path);
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return "";
  auto changed = std::filesystem::last_write_time(path, ec);
  if (ec) return "";
  return std::to_string(identity.first) + " " + std::to_string(identity.second) + " " + std::to_string(size) + " " +
         std::to_string(changed.time_since_epoch().count());
}

}  // namespace

void recordCleanClose(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::exists(path + "-wal", ec) && std::filesystem::file_size(path + "-wal", ec) > 0) return;
  std::string stamp = fileStamp(path);
  if (stamp.empty()) return;
  std::ofstream(cleanCloseRecordOf(path), std::ios::trunc) << stamp << "\n";
}

bool acceptCleanClose(const std::string& path) {
  std::string recorded;
  std::getline(std::ifstream(cleanCloseRecordOf(path)), recorded);
  std::error_code ec;
  std::filesystem::remove(cleanCloseRecordOf(path), ec);  // a crash from here on means a check next time
  bool untouched = !recorded.empty() && recorded == fileStamp(path);
  if (untouched) {
    std::lock_guard<std::mutex> lock(checkedMutex);
    checked.insert(fileIdentityOf(path));
  }
  return untouched;
}

std::unique_ptr<SQLite::Database> openDatabase(const std::string& path) {
  try {
    auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, kBusyTimeoutMs);
    db->exec("PRAGMA journal_mode = WAL");
    db->exec("PRAGMA synchronous = FULL");
    db->exec("PRAGMA foreign_keys = ON");
    db->exec("PRAGMA wal_autocheckpoint = 10000");
    // The SAVEPOINT each change of a group commit runs in keeps the pages it
    // overwrites in a statement journal; past 64 KiB SQLite spills that to a
    // new temporary file, opened, written and deleted per group. It is only
    // read to roll a failed change back, so memory is the place for it.
    db->exec("PRAGMA temp_store = MEMORY");
    // Each store opens its own connection; quick_check, which reads the
    // whole file, runs for the first only.
    std::lock_guard<std::mutex> lock(checkedMutex);
    if (!checked.count(fileIdentityOf(path))) {
      std::string check = db->execAndGet("PRAGMA quick_check").getString();
      if (check != "ok") throw SQLite::Exception("PRAGMA quick_check found: " + check);
      checked.insert(fileIdentityOf(path));
    }
    migrate(*db);
    return db;
  } catch (const SQLite::Exception& e) {
    throw std::runtime_error("cannot open database " + path + ": " + e.what() +
                             ". It is damaged: restore it from a backup, or move it aside and start with "
                             "--allow-empty-database (every job in it is then forgotten)");
  }
}

void checkDatabaseIsThere(const std::string& path, const std::vector<std::string>& stateFiles, bool allowEmpty) {
  std::error_code ec;
  bool present = std::filesystem::exists(path, ec) && std::filesystem::file_size(path, ec) > 0;
  if (present || allowEmpty) return;
  for (const auto& file : stateFiles) {
    if (std::filesystem::exists(file, ec)) {
      throw std::runtime_error("the database " + path + " is missing or empty, but " + file +
                               " shows this data directory was used before: the jobs it held would be lost without "
                               "a word. Restore the database, or start with --allow-empty-database to begin anew");
    }
  }
}

}  // namespace cf::storage
