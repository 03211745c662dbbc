// Group commit: concurrent writers share commits, a failing change fails only
// its own caller, and a write has committed by the time write() returns.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/group_commit.h"
#include "tests/support/temp_dir.h"

namespace cf::storage {
namespace {

int64_t rows(const std::string& path) {
  SQLite::Database other(path, SQLite::OPEN_READONLY);  // another connection sees only what committed
  return other.execAndGet("SELECT COUNT(*) FROM t").getInt64();
}

// A database of one table t(id, v), in WAL mode as the service keeps it.
std::string tableIn(const test::TempDir& dir) {
  std::string path = dir.file("g.db");
  SQLite::Database setup(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  setup.exec("PRAGMA journal_mode = WAL");
  setup.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT NOT NULL DEFAULT 'x')");
  return path;
}

TEST(GroupCommit, ManyWritersAllCommitAndEachFailureStaysWithItsCaller) {
  test::TempDir dir;
  std::string path = tableIn(dir);
  GroupCommit group(std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE));
  std::atomic<int> failed{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 8; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < 25; ++i) {
        int id = w * 100 + i;
        try {
          group.write([&](SQLite::Database& db) {
            db.exec("INSERT INTO t(id, v) VALUES (" + std::to_string(id) + ", 'x')");
            // Every fifth change fails after it wrote: its row must not stay.
            if (i % 5 == 4) throw std::runtime_error("refused");
          });
          EXPECT_EQ(rows(path) > 0, true);
        } catch (const std::runtime_error& e) {
          EXPECT_STREQ(e.what(), "refused");
          ++failed;
        }
      }
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(failed.load(), 8 * 5);
  EXPECT_EQ(rows(path), 8 * 20);
  EXPECT_EQ(group.withConnection([](SQLite::Database& db) {
    return db.execAndGet("SELECT COUNT(*) FROM t WHERE id % 100 % 5 = 4").getInt64();
  }),
            0);
}

TEST(GroupCommit, AFailedCommitFailsTheGroupAndTheNextWriteWorks) {
  test::TempDir dir;
  std::string path = tableIn(dir);
  auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE, 50);
  GroupCommit group(std::move(db));
  {
    // Another connection holds the write lock past the busy timeout: BEGIN fails.
    SQLite::Database holder(path, SQLite::OPEN_READWRITE);
    holder.exec("BEGIN IMMEDIATE");
    EXPECT_THROW(group.write([](SQLite::Database& d) { d.exec("INSERT INTO t(id) VALUES (1)"); }), SQLite::Exception);
    holder.exec("ROLLBACK");
  }
  group.write([](SQLite::Database& d) { d.exec("INSERT INTO t(id) VALUES (2)"); });
  EXPECT_EQ(rows(path), 1);
}

TEST(GroupCommit, AWriteFromInsideAChangeIsPartOfItAndFailsWithIt) {
  test::TempDir dir;
  std::string path = tableIn(dir);
  GroupCommit group(std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE));
  auto insert = [](int id) {
    return [id](SQLite::Database& d) { d.exec("INSERT INTO t(id) VALUES (" + std::to_string(id) + ")"); };
  };
  // Were the inner write queued, it would wait for the commit that runs it.
  group.write([&](SQLite::Database& d) {
    insert(1)(d);
    group.write(insert(2));
  });
  EXPECT_EQ(rows(path), 2);
  EXPECT_THROW(group.write([&](SQLite::Database& d) {
                 insert(3)(d);
                 group.write(insert(4));
                 throw std::runtime_error("refused");
               }),
               std::runtime_error);
  EXPECT_EQ(rows(path), 2);
  // Another thread's write is not part of this thread's change.
  std::thread other([&] { group.write(insert(5)); });
  other.join();
  EXPECT_EQ(rows(path), 3);
  // Another connection's write would wait for this change's lock: refused at once.
  GroupCommit elsewhere(std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE));
  EXPECT_THROW(group.write([&](SQLite::Database& d) {
                 insert(6)(d);
                 elsewhere.write(insert(7));
               }),
               std::logic_error);
  EXPECT_EQ(rows(path), 3);
}

}  // namespace
}  // namespace cf::storage
