#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/database.h"
#include "storage/sqlite_job_store.h"
#include "tests/support/temp_dir.h"

namespace cf::storage {
namespace {

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

}  // namespace
}  // namespace cf::storage
