// The service's settings: defaults, then a JSON config file, then command-line
// flags, each overriding the one before. Every value is checked here, so a
// typo stops the service at start with a message naming the flag or key.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "service/platform_traits.h"

namespace cf::service {

struct Options {
  std::string listenUrl = "http://127.0.0.1:8080";
  std::string dataDir = "clusterforge-data";
  std::string backend = "simulated";
  std::string labFile;  // empty: the reference lab built into the binary
  // Where the simulated lab's evolving state is kept; empty: DATA_DIR/simulated-lab.json.
  // Instances that share a database share this file too (it is locked per change).
  std::string labStateFile;
  // Where jobs and the rest are kept: empty means sqlite:DATA_DIR/clusterforge.db;
  // else sqlite:PATH or postgresql://user@host:port/db (several instances).
  std::string database;
  // PostgreSQL: how long a claim on a job lasts without a heartbeat (the
  // longest a job waits after its instance dies), and the connection pool.
  int leaseSeconds = 30;
  int databaseConnections = 8;
  // The AES key that seals secrets (POSIX); empty: DATA_DIR/secret.key.
  // Instances that share a database must share the key.
  std::string secretKeyFile;
  int workers = 4;
  int simDelayMs = 200;
  std::string logLevel = "info";
  int shutdownGraceMs = 15000;
  // A database file that is missing while the data directory holds the rest
  // of a service's state is refused unless this is set (a lost database is
  // not silently replaced by an empty one).
  bool allowEmptyDatabase = false;
  // /readyz and /metrics without a token, for a scraper that cannot send one.
  bool publicMetrics = false;
  std::string publicUrl;  // --public-url: the base of absolute Location URLs
  // Failed authentications one client address, or one token, may make in a
  // minute before it must wait (429).
  int authFailuresPerMinute = 10;
  // Plain http on an address other than loopback sends tokens in clear:
  // refused unless this is set.
  bool allowInsecureHttp = false;
  // PEM files for --listen https:// on Linux, read again on SIGHUP.
  std::string tlsCertFile;
  std::string tlsKeyFile;
  // Browser origins (https://portal.contoso.local) whose CORS preflights
  // are answered; none by default.
  std::vector<std::string> corsOrigins;

  // The HTTP transport and its limits (README, "Limits"). Windows serves
  // through http.sys (cpprest), which applies its own.
  std::string transport = platform::kDefaultTransport;
  size_t maxBodyBytes = 1 << 20;
  size_t maxHeaderBytes = 16 << 10;
  size_t maxUrlBytes = 8 << 10;
  int headerTimeoutMs = 10000;
  int bodyTimeoutMs = 30000;
  int keepAliveTimeoutMs = 60000;
  int maxConnections = 512;
  size_t maxJsonDepth = 64;
  // Requests waiting at once for a job to change (Prefer: wait); past it,
  // requests are answered without waiting.
  int maxLongPolls = 1000;
  // Threads on which requests that change state wait for their commit (Beast).
  int writeThreads = 16;
  // Jobs kept rendered for GET /v1/jobs/{id} (about 1.5 KB each); 0: none.
  int jobCacheEntries = 4096;

  // Webhooks (README, "Webhooks"): how long a receiver may take, the first
  // retry's delay (doubling up to an hour), when to give a delivery up, and
  // how many subscriptions the service keeps.
  int webhookTimeoutMs = 10000;
  int webhookRetryBaseMs = 10000;
  int webhookGiveUpHours = 24;
  int webhookKeepDays = 30;
  int maxWebhookSubscriptions = 100;
};

enum class Command { Run, Install, Uninstall, Token, MigrateStore, Version, Help };

// `clusterforge token create|list|revoke --data-dir DIR|--database URL [--name N] [--role R] [--expires-in 90d]`.
struct TokenCommand {
  std::string action;  // create, list, revoke
  std::string dataDir;
  std::string database;  // instead of --data-dir
  std::string name;
  std::string role;
  std::optional<std::string> expiresIn;
};

// `clusterforge install`: the account the service runs as (DOMAIN\\gmsa$;
// empty for LocalSystem) and the config file its `run` reads (empty: the
// clusapi backend, data in %ProgramData%\\ClusterForge, the default listener).
struct InstallRequest {
  std::string account;
  std::string configFile;
};

// `clusterforge migrate-store --from sqlite:PATH --to postgresql://...`.
struct MigrateStoreCommand {
  std::string from;
  std::string to;
};

struct ParsedCommandLine {
  Command command = Command::Help;
  Options options;
  InstallRequest install;
  TokenCommand token;
  MigrateStoreCommand migrate;
};

// Throws std::invalid_argument with a message fit for the user.
ParsedCommandLine parseCommandLine(const std::vector<std::string>& args);

std::string usage();

}  // namespace cf::service
