// Fills a service's database with queued jobs for the restart and memory
// benchmarks: COUNT copies of the newest job in it (made through the API
// first, so every copy is a job the service can run), each with a fresh id
// and queued. The copies are written in one transaction without fsync: this is a test
// bed, not a service.
//
//   clusterforge_bench_queue_filler DATABASE COUNT
#include <cstdio>
#include <cstdlib>
#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

#include "orchestration/jobs/job_service.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s DATABASE COUNT\n", argv[0]);
    return 2;
  }
  SQLite::Database db(argv[1], SQLite::OPEN_READWRITE);
  db.exec("PRAGMA synchronous = OFF");
  SQLite::Statement newest(db, "SELECT id FROM jobs ORDER BY seq DESC LIMIT 1");
  if (!newest.executeStep()) {
    std::fprintf(stderr, "%s holds no job to copy\n", argv[1]);
    return 1;
  }
  std::string model = newest.getColumn(0).getString();
  SQLite::Transaction transaction(db);
  SQLite::Statement copy(db,
                         "INSERT INTO jobs(id, kind, cluster, status, cancel_requested, spec, steps, percent, result, "
                         "error, attempt, created_at, started_at, finished_at, workflow_version, request_key) "
                         "SELECT ?, kind, cluster, 'queued', 0, spec, steps, 0, result, NULL, 0, created_at, NULL, "
                         "NULL, workflow_version, NULL FROM jobs WHERE id = ?");
  long count = std::atol(argv[2]);
  for (long i = 0; i < count; ++i) {
    copy.bind(1, cf::newJobId());
    copy.bind(2, model);
    copy.exec();
    copy.reset();
  }
  transaction.commit();
  std::printf("queued %ld copies of job %s\n", count, model.c_str());
}
