// The real clusterforge binary, started on a free loopback port with its own
// data directory, for integration tests. The destructor stops it with
// SIGTERM (then SIGKILL if it hangs).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "tests/integration/http_client.h"

namespace cf::test {

class ServiceProcess {
 public:
  // `dataDir` must exist; `extraArgs` are added to `clusterforge run`.
  ServiceProcess(std::string dataDir, std::vector<std::string> extraArgs = {});
  // Listens on https with this PEM certificate and key instead; readiness is
  // then asked with curl, trusting `certFile`.
  void useHttps(const std::string& certFile, const std::string& keyFile);
  // Uses this token instead of making one on the data directory's database
  // (instances on a shared database share the tokens made on it).
  void useToken(std::string token) { token_ = std::move(token); }
  // Sends a signal to the running service (SIGHUP: reload the certificate).
  void signal(int number);
  ~ServiceProcess();

  // Starts and waits until /readyz answers 200; throws on failure.
  void start();
  // SIGTERM and wait; returns the exit status (as from waitpid), -1 on timeout.
  int terminate();
  // SIGKILL: no chance to clean up, like a crash or power loss.
  void kill();
  bool running() const { return pid_ > 0; }

  // The transport the tests run against: CLUSTERFORGE_TEST_TRANSPORT, else
  // the service's default, "beast" (ctest runs the suite under both).
  static std::string transport();

  int port() const { return port_; }
  // A client with an admin token made for this service (`clusterforge token
  // create` while it runs), and one without any.
  HttpClient client() const { return HttpClient(port_, token_); }
  HttpClient anonymousClient() const { return HttpClient(port_); }
  const std::string& adminToken() const { return token_; }
  std::string logFile() const { return dataDir_ + "/clusterforge.log"; }
  std::string labStateFile() const { return dataDir_ + "/simulated-lab.json"; }
  // How many changes of `operation` the simulated lab has applied, from its state file.
  int64_t changeCount(const std::string& operation) const;

 private:
  std::string dataDir_;
  std::vector<std::string> extraArgs_;
  int port_ = 0;
  pid_t pid_ = -1;
  std::string token_;
  std::string certFile_, keyFile_;  // set: https
};

// Makes a token on the service's database with `clusterforge token create`
// (`dataDir` may be a postgresql:// URL instead); returns the token, the
// last line the command prints.
std::string createToken(const std::string& dataDir, const std::string& role, const std::string& extraArgs = "");

// Runs the binary with `args` to completion; returns its exit code and output.
struct CommandResult {
  int exitCode;
  std::string output;
};
CommandResult runClusterforge(const std::vector<std::string>& args);
// Runs a shell command; returns its exit code and what it printed.
CommandResult runShell(const std::string& command);

int freeLoopbackPort();

}  // namespace cf::test
