// The database is checked, not assumed: a data directory whose database is
// gone, emptied or damaged is refused at start (unless told to begin anew),
// /readyz follows whether the database can be written, a file deleted under
// the running service is noticed, and a job whose progress cannot be recorded
// fails as storageError once it can: it never stays running.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>

#include "tests/integration/job_polling.h"
#include "tests/integration/service_process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_lab.h"

namespace cf::test {
namespace {

using namespace std::chrono_literals;

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A data directory the service has used: a job in its database.
void useOnce(const TempDir& dir) {
  ServiceProcess service(dir.path(), {"--sim-delay-ms", "0"});
  service.start();
  auto id = service.client().put("/v1/clusters/EXCLUSTER", runbookClusterBody()).json()["id"].get<std::string>();
  waitForFinish(service.client(), id);
}

// Starting must fail, saying why; returns what it said.
std::string expectRefusedStart(const TempDir& dir) {
  ServiceProcess service(dir.path());
  EXPECT_THROW(service.start(), std::runtime_error);
  return readFile(dir.file("stdout.txt"));
}

TEST(DatabaseChecks, TheDataDirectoryIsTheServicesAlone) {
  TempDir dir;
  std::string data = dir.file("data");
  ServiceProcess service(data, {"--sim-delay-ms", "0"});
  std::filesystem::create_directories(data);
  std::filesystem::permissions(data, std::filesystem::perms::all);  // as a careless operator left it
  service.start();
  auto others = std::filesystem::perms::group_all | std::filesystem::perms::others_all;
  EXPECT_EQ(std::filesystem::status(data).permissions() & others, std::filesystem::perms::none);
  for (const char* file : {"clusterforge.db", "clusterforge.log", "secret.key"}) {
    auto path = data + "/" + file;
    ASSERT_TRUE(std::filesystem::exists(path)) << file;
    EXPECT_EQ(std::filesystem::status(path).permissions() & others, std::filesystem::perms::none) << file;
  }
}

TEST(DatabaseChecks, AMissingOrEmptiedDatabaseIsRefusedUnlessAskedToBeginAnew) {
  TempDir dir;
  useOnce(dir);
  std::filesystem::remove(dir.file("clusterforge.db"));
  std::filesystem::remove(dir.file("clusterforge.db-wal"));
  EXPECT_NE(expectRefusedStart(dir).find("--allow-empty-database"), std::string::npos);

  std::ofstream(dir.file("clusterforge.db"), std::ios::trunc).close();  // truncated to nothing
  EXPECT_NE(expectRefusedStart(dir).find("missing or empty"), std::string::npos);

  ServiceProcess anew(dir.path(), {"--allow-empty-database"});
  anew.start();
  EXPECT_EQ(anew.client().get("/v1/jobs").json()["items"].size(), 0u);
}

TEST(DatabaseChecks, ADamagedDatabaseIsRefused) {
  TempDir dir;
  useOnce(dir);
  std::filesystem::remove(dir.file("clusterforge.db-wal"));
  auto size = std::filesystem::file_size(dir.file("clusterforge.db"));
  std::filesystem::resize_file(dir.file("clusterforge.db"), size / 2);
  std::string said = expectRefusedStart(dir);
  EXPECT_NE(said.find("damaged"), std::string::npos) << said;
}

// quick_check reads the whole file: a database the service closed itself and
// nobody changed since is not checked again; after a kill, or a change made
// while the service was down, it is.
TEST(DatabaseChecks, OnlyADatabaseLeftAsACleanStopLeftItSkipsTheFullCheck) {
  TempDir dir;
  useOnce(dir);  // stopped cleanly
  auto opened = [&](const std::string& how) {
    ServiceProcess service(dir.path(), {"--sim-delay-ms", "0"});
    service.start();
    bool said = readFile(service.logFile()).find(how) != std::string::npos;
    service.kill();
    std::filesystem::remove(service.logFile());
    return said;
  };
  EXPECT_TRUE(opened("not checked again"));
  EXPECT_TRUE(opened("quick_check found it sound")) << "after a kill the file is checked";
  {
    ServiceProcess service(dir.path(), {"--sim-delay-ms", "0"});
    service.start();
  }
  SQLite::Database(dir.file("clusterforge.db"), SQLite::OPEN_READWRITE).exec("PRAGMA user_version = 9");
  EXPECT_TRUE(opened("quick_check found it sound")) << "a file written while the service was down is checked";
}

TEST(DatabaseChecks, ReadinessFollowsWhetherTheDatabaseCanBeWritten) {
  TempDir dir;
  ServiceProcess service(dir.path(), {"--sim-delay-ms", "0"});
  service.start();
  auto client = service.client();
  {
    // Another process holds the database's write lock.
    SQLite::Database other(dir.file("clusterforge.db"), SQLite::OPEN_READWRITE);
    other.exec("BEGIN IMMEDIATE");
    std::this_thread::sleep_for(1100ms);  // past the probe's one-second memory
    auto notReady = client.get("/readyz");
    EXPECT_EQ(notReady.status, 503);
    EXPECT_EQ(notReady.json()["checks"]["database"]["ready"], false);
    EXPECT_NE(notReady.json()["checks"]["database"]["detail"].get<std::string>().find("cannot be written"),
              std::string::npos);
    other.exec("ROLLBACK");
  }
  std::this_thread::sleep_for(1100ms);
  EXPECT_EQ(client.get("/readyz").status, 200);
}

TEST(DatabaseChecks, ADatabaseDeletedUnderTheServiceIsNoticed) {
  TempDir dir;
  ServiceProcess service(dir.path(), {"--sim-delay-ms", "0"});
  service.start();
  auto client = service.client();
  std::filesystem::remove(dir.file("clusterforge.db"));
  std::this_thread::sleep_for(1100ms);
  auto ready = client.get("/readyz");
  EXPECT_EQ(ready.status, 503);
  EXPECT_NE(ready.json()["checks"]["database"]["detail"].get<std::string>().find("deleted or replaced"),
            std::string::npos);
  // A job accepted into a file nobody will read again would be a lie.
  auto refused = client.put("/v1/clusters/EXCLUSTER", runbookClusterBody());
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_EQ(refused.json()["code"], "storageUnavailable");
  EXPECT_EQ(refused.body.find(dir.path()), std::string::npos);  // no server path in an answer
}

TEST(DatabaseChecks, AJobWhoseProgressCannotBeRecordedFailsAsStorageErrorOnceItCan) {
  TempDir dir;
  ServiceProcess service(dir.path(), {"--sim-delay-ms", "4000"});
  service.start();
  auto client = service.client();
  auto id = createClusterAndWaitUntilItRuns(client);
  {
    // Held past the service's five-second busy timeout: the next progress
    // commit fails.
    SQLite::Database other(dir.file("clusterforge.db"), SQLite::OPEN_READWRITE);
    other.setBusyTimeout(5000);
    other.exec("BEGIN IMMEDIATE");
    std::this_thread::sleep_for(6500ms);
    other.exec("ROLLBACK");
  }
  auto job = waitForFinish(client, id);
  EXPECT_EQ(job["status"], "failed") << job.dump(2);
  EXPECT_EQ(job["error"]["code"], "storageError");
  EXPECT_EQ(job["error"]["detail"].get<std::string>().find(dir.path()), std::string::npos);
  EXPECT_EQ(client.get("/readyz").status, 200);
}

}  // namespace
}  // namespace cf::test
