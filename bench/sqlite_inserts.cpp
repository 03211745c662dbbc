// The reference for submits: raw SQLite on the same disk, WAL,
// synchronous=FULL, one row per transaction, as many as fit in the given
// seconds, one connection. A row is shaped like a job's (a UUID, a kind, a
// status and about 1 KB of JSON). Prints "rows_per_second N".
//
//   clusterforge_bench_sqlite_inserts DIR SECONDS
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s DIR SECONDS\n", argv[0]);
    return 2;
  }
  std::string path = std::string(argv[1]) + "/raw-inserts.db";
  std::remove(path.c_str());
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = FULL");
  db.exec(
      "CREATE TABLE jobs(seq INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, kind TEXT NOT NULL, "
      "status TEXT NOT NULL, spec TEXT NOT NULL, created_at TEXT NOT NULL)");
  SQLite::Statement insert(db, "INSERT INTO jobs(id, kind, status, spec, created_at) VALUES (?, ?, ?, ?, ?)");
  const std::string spec = "{\"nodes\":[\"EX-NODE1\",\"EX-NODE2\"],\"include\":[" + std::string(1000, ' ') + "]}";
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(std::atoi(argv[2]));
  long rows = 0;
  auto started = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() < until) {
    char id[48];
    std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012ld", rows);
    SQLite::Transaction transaction(db);
    insert.bind(1, id);
    insert.bind(2, "validation.run");
    insert.bind(3, "queued");
    insert.bind(4, spec);
    insert.bind(5, "2026-12-03T00:00:00.000Z");
    insert.exec();
    insert.reset();
    transaction.commit();
    ++rows;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("rows_per_second %.0f\n", rows / seconds);
  std::remove(path.c_str());
}
