#include "tests/integration/service_process.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace cf::test {

namespace {
bool fileContains(const std::string& path, const std::string& text) {
  std::ifstream in(path);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return content.find(text) != std::string::npos;
}
}  // namespace

int freeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  int port = ntohs(address.sin_port);
  close(fd);
  return port;
}

ServiceProcess::ServiceProcess(std::string dataDir, std::vector<std::string> extraArgs)
    : dataDir_(std::move(dataDir)), extraArgs_(std::move(extraArgs)) {}

ServiceProcess::~ServiceProcess() {
  if (running()) terminate();
}

void ServiceProcess::start() {
  for (int attempt = 0; attempt < 3; ++attempt) {
    port_ = freeLoopbackPort();
    std::string scheme = certFile_.empty() ? "http" : "https";
    std::vector<std::string> args = {
        CLUSTERFORGE_BINARY, "run",    "--listen",    scheme + "://127.0.0.1:" + std::to_string(port_),
        "--data-dir",        dataDir_, "--log-level", "debug"};
    if (!certFile_.empty()) args.insert(args.end(), {"--tls-cert", certFile_, "--tls-key", keyFile_});
    args.insert(args.end(), {"--transport", transport()});
    args.insert(args.end(), extraArgs_.begin(), extraArgs_.end());
    pid_ = fork();
    if (pid_ == 0) {
      std::string out = dataDir_ + "/stdout.txt";
      std::freopen(out.c_str(), "a", stderr);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    for (int i = 0; i < 200; ++i) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;  // exited: perhaps the port was taken meanwhile; try another
      }
      // Ask only once our child says it owns the port: another test's
      // service may briefly hold the same port number, and its answers
      // (a 404 while its listener closes) are not ours.
      if (!fileContains(logFile(), "listening on " + scheme + "://127.0.0.1:" + std::to_string(port_))) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        continue;
      }
      if (token_.empty()) token_ = createToken(dataDir_, "admin");
      if (!certFile_.empty()) {
        auto ready =
            runShell("curl -s -o /dev/null -w '%{http_code}' --cacert '" + certFile_ + "' -H 'Authorization: Bearer " +
                     token_ + "' https://127.0.0.1:" + std::to_string(port_) + "/readyz");
        if (ready.output == "200") return;
      } else {
        try {
          if (client().get("/readyz").status == 200) return;
        } catch (const std::exception&) {}
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (running()) kill();
  }
  throw std::runtime_error("clusterforge did not become ready; see " + dataDir_ + "/stdout.txt");
}

int ServiceProcess::terminate() {
  if (!running()) return -1;
  ::kill(pid_, SIGTERM);
  for (int i = 0; i < 600; ++i) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill();
  return -1;
}

void ServiceProcess::kill() {
  if (!running()) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

void ServiceProcess::useHttps(const std::string& certFile, const std::string& keyFile) {
  certFile_ = certFile;
  keyFile_ = keyFile;
}

void ServiceProcess::signal(int number) {
  if (running()) ::kill(pid_, number);
}

std::string ServiceProcess::transport() {
  const char* chosen = std::getenv("CLUSTERFORGE_TEST_TRANSPORT");
  return chosen && *chosen ? chosen : "beast";
}

int64_t ServiceProcess::changeCount(const std::string& operation) const {
  auto state = nlohmann::json::parse(std::ifstream(labStateFile()));
  return state["changeCounters"].value(operation, int64_t{0});
}

std::string createToken(const std::string& dataDir, const std::string& role, const std::string& extraArgs) {
  static int made = 0;
  std::string name = "test-" + role + "-" + std::to_string(getpid()) + "-" + std::to_string(++made);
  bool database = dataDir.rfind("postgresql://", 0) == 0;
  std::vector<std::string> args = {"token",  "create", database ? "--database" : "--data-dir", dataDir, "--name", name,
                                   "--role", role};
  if (!extraArgs.empty()) args.insert(args.end(), {"--expires-in", extraArgs});
  auto result = runClusterforge(args);
  if (result.exitCode != 0) throw std::runtime_error("token create failed: " + result.output);
  std::string out = result.output;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out.substr(out.rfind('\n') + 1);
}

CommandResult runClusterforge(const std::vector<std::string>& args) {
  std::string command = CLUSTERFORGE_BINARY;
  for (const auto& a : args) command += " '" + a + "'";
  return runShell(command);
}

CommandResult runShell(const std::string& shellCommand) {
  std::string command = shellCommand + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

}  // namespace cf::test
