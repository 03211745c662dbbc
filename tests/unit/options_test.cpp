#include <gtest/gtest.h>

#include <fstream>

#include "service/options.h"
#include "tests/support/temp_dir.h"

namespace cf::service {
namespace {

TEST(Options, DefaultsAndFlags) {
  auto parsed = parseCommandLine({"run", "--listen", "http://127.0.0.1:9000", "--workers=8", "--sim-delay-ms", "0",
                                  "--data-dir", "/tmp/x", "--log-level", "debug"});
  EXPECT_EQ(parsed.command, Command::Run);
  EXPECT_EQ(parsed.options.listenUrl, "http://127.0.0.1:9000");
  EXPECT_EQ(parsed.options.workers, 8);
  EXPECT_EQ(parsed.options.simDelayMs, 0);
  EXPECT_EQ(parsed.options.dataDir, "/tmp/x");
  EXPECT_EQ(parsed.options.backend, "simulated");
  EXPECT_EQ(parseCommandLine({"--version"}).command, Command::Version);
}

TEST(Options, TransportLimitsHaveSafeDefaultsAndFlags) {
  auto defaults = parseCommandLine({"run"}).options;
  EXPECT_EQ(defaults.transport, "beast");
  EXPECT_EQ(defaults.maxHeaderBytes, 16u << 10);
  EXPECT_EQ(defaults.maxConnections, 512);
  EXPECT_EQ(defaults.maxJsonDepth, 64u);
  EXPECT_FALSE(defaults.allowEmptyDatabase);
  auto set = parseCommandLine({"run", "--transport", "cpprest", "--max-header-bytes", "4096", "--max-url-bytes", "1024",
                               "--header-timeout-ms", "500", "--body-timeout-ms", "700", "--keep-alive-timeout-ms",
                               "900", "--max-connections", "7", "--max-json-depth", "16", "--allow-empty-database"})
                 .options;
  EXPECT_EQ(set.transport, "cpprest");
  EXPECT_EQ(set.maxHeaderBytes, 4096u);
  EXPECT_EQ(set.maxUrlBytes, 1024u);
  EXPECT_EQ(set.headerTimeoutMs, 500);
  EXPECT_EQ(set.bodyTimeoutMs, 700);
  EXPECT_EQ(set.keepAliveTimeoutMs, 900);
  EXPECT_EQ(set.maxConnections, 7);
  EXPECT_EQ(set.maxJsonDepth, 16u);
  EXPECT_TRUE(set.allowEmptyDatabase);
}

TEST(Options, ReadPathAndWritePathSizesHaveDefaultsFlagsAndBounds) {
  auto defaults = parseCommandLine({"run"}).options;
  EXPECT_EQ(defaults.writeThreads, 16);
  EXPECT_EQ(defaults.jobCacheEntries, 4096);
  auto set = parseCommandLine({"run", "--write-threads", "32", "--job-cache-entries", "0"}).options;
  EXPECT_EQ(set.writeThreads, 32);
  EXPECT_EQ(set.jobCacheEntries, 0) << "0 turns the cache off";
  EXPECT_THROW(parseCommandLine({"run", "--write-threads", "0"}), std::invalid_argument);
  EXPECT_THROW(parseCommandLine({"run", "--job-cache-entries", "-1"}), std::invalid_argument);
}

TEST(Options, TheDatabaseAndItsLeasesHaveDefaultsFlagsAndBounds) {
  auto defaults = parseCommandLine({"run"}).options;
  EXPECT_EQ(defaults.database, "") << "SQLite in the data directory";
  EXPECT_EQ(defaults.leaseSeconds, 30);
  EXPECT_EQ(defaults.databaseConnections, 8);
  auto set = parseCommandLine({"run", "--database", "postgresql://cf@db:5432/cf", "--lease-seconds", "5",
                               "--database-connections", "20", "--lab-state", "/srv/lab.json", "--secret-key-file",
                               "/etc/cf/key"})
                 .options;
  EXPECT_EQ(set.database, "postgresql://cf@db:5432/cf");
  EXPECT_EQ(set.leaseSeconds, 5);
  EXPECT_EQ(set.databaseConnections, 20);
  EXPECT_EQ(set.labStateFile, "/srv/lab.json");
  EXPECT_EQ(set.secretKeyFile, "/etc/cf/key");
  EXPECT_EQ(parseCommandLine({"run", "--database", "sqlite:/var/lib/cf.db"}).options.database, "sqlite:/var/lib/cf.db");
  EXPECT_THROW(parseCommandLine({"run", "--lease-seconds", "1"}), std::invalid_argument);
  EXPECT_THROW(parseCommandLine({"run", "--database-connections", "1"}), std::invalid_argument);
  EXPECT_THROW(parseCommandLine({"run", "--database", "sqlite:"}), std::invalid_argument);
  try {
    parseCommandLine({"run", "--database", "mysql://root:hunter2@db/cf"});
    FAIL() << "a database ClusterForge cannot use was accepted";
  } catch (const std::invalid_argument& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("--database"), std::string::npos) << message;
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << "the password is repeated: " << message;
  }
  try {
    parseCommandLine({"run", "--database", "postgresql://cf:hunter2@db/cf extra"});
    FAIL() << "white space in the URL was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos) << e.what();
  }
}

TEST(Options, TokensAndTheMoveToPostgresqlNameTheirDatabases) {
  auto token = parseCommandLine({"token", "list", "--database", "postgresql://cf@db/cf"});
  EXPECT_EQ(token.token.database, "postgresql://cf@db/cf");
  EXPECT_THROW(parseCommandLine({"token", "list"}), std::invalid_argument);
  EXPECT_THROW(parseCommandLine({"token", "list", "--data-dir", "d", "--database", "postgresql://cf@db/cf"}),
               std::invalid_argument);
  auto move =
      parseCommandLine({"migrate-store", "--from", "sqlite:/d/clusterforge.db", "--to", "postgresql://cf@db/cf"});
  EXPECT_EQ(move.command, Command::MigrateStore);
  EXPECT_EQ(move.migrate.from, "sqlite:/d/clusterforge.db");
  EXPECT_EQ(move.migrate.to, "postgresql://cf@db/cf");
  EXPECT_THROW(parseCommandLine({"migrate-store", "--from", "sqlite:/d/x.db"}), std::invalid_argument);
  EXPECT_THROW(parseCommandLine({"migrate-store", "--from", "x", "--to", "postgresql://cf@db/cf"}),
               std::invalid_argument);
}

TEST(Options, PlainHttpBeyondLoopbackNeedsToBeAskedFor) {
  EXPECT_THROW(parseCommandLine({"run", "--listen", "http://0.0.0.0:8080"}), std::invalid_argument);
  EXPECT_THROW(parseCommandLine({"run", "--listen", "http://10.0.0.9:8080"}), std::invalid_argument);
  EXPECT_NO_THROW(parseCommandLine({"run", "--listen", "http://127.0.0.5:8080"}));
  EXPECT_NO_THROW(parseCommandLine({"run", "--listen", "http://localhost:8080"}));
  EXPECT_TRUE(
      parseCommandLine({"run", "--listen", "http://0.0.0.0:8080", "--allow-insecure-http"}).options.allowInsecureHttp);
  auto cors = parseCommandLine({"run", "--cors-origin", "https://a.example", "--cors-origin", "http://b.example:8443"});
  EXPECT_EQ(cors.options.corsOrigins, (std::vector<std::string>{"https://a.example", "http://b.example:8443"}));
  EXPECT_THROW(parseCommandLine({"run", "--cors-origin", "*"}), std::invalid_argument);
  EXPECT_THROW(parseCommandLine({"run", "--cors-origin", "https://a.example/path"}), std::invalid_argument);
}

TEST(Options, RefusesBadFlagsWithAClearMessage) {
  const std::vector<std::vector<std::string>> bad = {
      {"run", "--transport", "nginx"},
      {"run", "--max-header-bytes", "10"},
      {"run", "--max-connections", "0"},
      {"run", "--max-json-depth", "100000"},
      {"run", "--allow-empty-database=maybe"},
      {"run", "--workers", "0"},
      {"run", "--workers", "4x"},
      {"run", "--listen", "127.0.0.1:80"},
      {"run", "--listen", "http://h:0"},
      {"run", "--bogus", "1"},
      {"run", "--workers"},
      {"run", "--backend", "clusapi"},
      {"run", "--log-level", "loud"},
      {"run", "stray"},
      {"frobnicate"},
  };
  for (const auto& args : bad) {
    EXPECT_THROW(parseCommandLine(args), std::invalid_argument) << args.back();
  }
  try {
    parseCommandLine({"run", "--workers", "0"});
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("--workers"), std::string::npos);
  }
}

TEST(Options, ConfigFileIsOverriddenByFlags) {
  test::TempDir dir;
  std::ofstream(dir.file("c.json")) << R"({"workers": 3, "simDelayMs": 50, "listen": "http://127.0.0.1:7000"})";
  auto parsed = parseCommandLine({"run", "--config", dir.file("c.json"), "--workers", "5"});
  EXPECT_EQ(parsed.options.workers, 5);
  EXPECT_EQ(parsed.options.simDelayMs, 50);
  EXPECT_EQ(parsed.options.listenUrl, "http://127.0.0.1:7000");

  std::ofstream(dir.file("bad.json")) << R"({"wokers": 3})";
  EXPECT_THROW(parseCommandLine({"run", "--config", dir.file("bad.json")}), std::invalid_argument);
  std::ofstream(dir.file("broken.json")) << "{";
  EXPECT_THROW(parseCommandLine({"run", "--config", dir.file("broken.json")}), std::invalid_argument);
  EXPECT_THROW(parseCommandLine({"run", "--config", dir.file("missing.json")}), std::invalid_argument);
}

TEST(Options, InstallTakesAnAccountAndAConfigItChecksNow) {
  test::TempDir dir;
  std::ofstream(dir.file("service.json")) << R"({"workers": 2, "dataDir": "D:\\ClusterForge"})";
  auto parsed =
      parseCommandLine({"install", "--account", "CONTOSO\\svc-clusterforge$", "--config", dir.file("service.json")});
  EXPECT_EQ(parsed.command, Command::Install);
  EXPECT_EQ(parsed.install.account, "CONTOSO\\svc-clusterforge$");
  EXPECT_EQ(parsed.install.configFile, dir.file("service.json"));
  EXPECT_EQ(parseCommandLine({"install"}).install.account, "");
  EXPECT_EQ(parseCommandLine({"uninstall"}).command, Command::Uninstall);

  std::ofstream(dir.file("typo.json")) << R"({"wokers": 2})";
  const std::vector<std::vector<std::string>> bad = {
      {"install", "--account", "svc-clusterforge$"},
      {"install", "--account", "CONTOSO\\a\\b"},
      {"install", "--account", "CONTOSO\\"},
      {"install", "--account", "CONTOSO\\svc\" & calc"},
      {"install", "--config", dir.file("typo.json")},
      {"install", "--workers", "2"},
      {"uninstall", "--force"},
  };
  for (const auto& args : bad) {
    EXPECT_THROW(parseCommandLine(args), std::invalid_argument) << args.back();
  }
  try {
    parseCommandLine({"install", "--config", dir.file("typo.json")});
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("unknown key 'wokers'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace cf::service
