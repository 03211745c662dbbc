// A database of its own on the tests' PostgreSQL server (the ctest fixture
// "postgres" starts it with scripts/test-postgres.sh, which writes the
// server's base URL to build/test-postgres/url, or to the file
// CLUSTERFORGE_TEST_POSTGRES_URL_FILE names).
// Created empty, dropped with the object.
#pragma once

#include <string>

namespace cf::test {

class TestPostgresDatabase {
 public:
  // Throws std::runtime_error saying how to start the server when there is none.
  TestPostgresDatabase();
  ~TestPostgresDatabase();
  TestPostgresDatabase(const TestPostgresDatabase&) = delete;
  TestPostgresDatabase& operator=(const TestPostgresDatabase&) = delete;

  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }
  // Runs SQL on this database (a test's way to look under the stores).
  void exec(const std::string& sql) const;

 private:
  std::string server_;  // postgresql://user@host:port
  std::string name_;
  std::string url_;
};

}  // namespace cf::test
