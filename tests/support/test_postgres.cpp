#include "tests/support/test_postgres.h"

#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>

#include "storage/postgres/pg_connection.h"

namespace cf::test {

namespace {

std::string serverUrl() {
  const char* file = std::getenv("CLUSTERFORGE_TEST_POSTGRES_URL_FILE");
  std::string url;
  std::getline(std::ifstream(file ? file : CLUSTERFORGE_TEST_POSTGRES_URL_FILE_DEFAULT), url);
  if (url.empty()) {
    throw std::runtime_error(
        "no test PostgreSQL server: run the tests through ctest (its fixture starts one with "
        "scripts/test-postgres.sh), or start one and set CLUSTERFORGE_TEST_POSTGRES_URL_FILE to its url file");
  }
  return url;
}

}  // namespace

TestPostgresDatabase::TestPostgresDatabase() : server_(serverUrl()) {
  std::random_device random;
  name_ = "cf_test_" + std::to_string(random()) + std::to_string(random() % 1000);
  storage::PgConnection admin(server_ + "/postgres");
  admin.exec("CREATE DATABASE " + name_);
  url_ = server_ + "/" + name_;
}

TestPostgresDatabase::~TestPostgresDatabase() {
  try {
    storage::PgConnection admin(server_ + "/postgres");
    admin.exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception&) {
    // the server is gone already; its directory is removed with it
  }
}

void TestPostgresDatabase::exec(const std::string& sql) const { storage::PgConnection(url_).exec(sql); }

}  // namespace cf::test
