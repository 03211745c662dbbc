#include "orchestration/backends/clusapi/win/server_manager_wmi_win.h"

#include <windows.h>

#include <atomic>
#include <cstdlib>
#include <optional>

#include "orchestration/backends/clusapi/win/cluster_connection_win.h"
#include "orchestration/backends/clusapi/win/wmi_session_win.h"
#include "orchestration/model/win32_error.h"

namespace cf::clusapi {

namespace {

using namespace std::chrono_literals;

// A node takes minutes to come back; past this its restart has failed.
constexpr auto kRestartTimeout = 20min;
// How much of a failed run's log the error quotes.
constexpr size_t kLogTail = 1024;

constexpr uint32_t kServerManagerNoChange = 1003;
constexpr uint32_t kServerManagerRestartNeeded = 3010;

// Where the runs' files live, relative to the node's Windows directory.
const std::string kRunFolder = "Temp\\ClusterForge";

// The last `limit` bytes of a file, or nullopt when it cannot be read.
std::optional<std::string> readTail(const std::string& path, size_t limit) {
  HANDLE file = CreateFileW(toWide(path).c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                            OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (file == INVALID_HANDLE_VALUE) return std::nullopt;
  LARGE_INTEGER size{};
  GetFileSizeEx(file, &size);
  if (static_cast<uint64_t>(size.QuadPart) > limit) {
    LARGE_INTEGER from{};
    from.QuadPart = size.QuadPart - static_cast<LONGLONG>(limit);
    SetFilePointerEx(file, from, nullptr, FILE_BEGIN);
  }
  std::string bytes(limit, '\0');
  DWORD read = 0;
  BOOL ok = ReadFile(file, bytes.data(), static_cast<DWORD>(limit), &read, nullptr);
  CloseHandle(file);
  if (!ok) return std::nullopt;
  bytes.resize(read);
  return bytes;
}

std::string trimmed(std::string text) {
  auto blank = [](char c) { return c == ' ' || c == '\r' || c == '\n' || c == '\t'; };
  while (!text.empty() && blank(text.back())) text.pop_back();
  size_t start = 0;
  while (start < text.size() && blank(text[start])) ++start;
  return text.substr(start);
}

// A name unique to this run of this process, for the run's two files.
std::string runName(const std::string& feature) {
  static std::atomic<unsigned> counter{0};
  return "install-" + feature + "-" + std::to_string(GetCurrentProcessId()) + "-" + std::to_string(++counter);
}

}  // namespace

bool ServerManagerOverWmi::installFeatures(const std::string& server, const std::vector<std::string>& features,
                                           const OperationContext& ctx) const {
  auto session = WmiSession::connect(server);
  std::string nodeFolder = session.operatingSystem().windowsDirectory + "\\" + kRunFolder;
  std::string shareFolder = "\\\\" + server + "\\ADMIN$\\" + kRunFolder;
  if (!CreateDirectoryW(toWide(shareFolder).c_str(), nullptr) && GetLastError() != ERROR_ALREADY_EXISTS) {
    throwWin32(GetLastError(), "cannot create " + shareFolder + " through the admin share of " + server);
  }
  bool restartNeeded = false;
  for (const auto& feature : features) {
    std::string run = runName(feature);
    std::string log = nodeFolder + "\\" + run + ".log";
    std::string exit = nodeFolder + "\\" + run + ".exit";
    // /v:on: the exit code is read when echo runs, not when the line is parsed.
    uint32_t process = session.startProcess("cmd.exe /v:on /s /c \"ServerManagerCmd.exe -install " + feature +
                                            " -logPath \"" + log + "\" & echo !ERRORLEVEL!> \"" + exit + "\"\"");
    while (session.processRunning(process)) ctx.sleepFor(pollInterval_);

    std::string shareLog = shareFolder + "\\" + run + ".log";
    std::string shareExit = shareFolder + "\\" + run + ".exit";
    auto written = readTail(shareExit, 64);
    DeleteFileW(toWide(shareExit).c_str());
    if (!written) {
      throwWin32(win32::kInstallFailure, "ServerManagerCmd -install " + feature + " on " + server +
                                             " ended without leaving its exit code in " + shareExit);
    }
    char* end = nullptr;
    std::string code = trimmed(*written);
    unsigned long exitCode = std::strtoul(code.c_str(), &end, 10);
    if (code.empty() || *end != '\0') {
      throwWin32(win32::kInvalidData,
                 "ServerManagerCmd on " + server + " left an exit code that is not a number: " + code.substr(0, 20));
    }
    if (exitCode != 0 && exitCode != kServerManagerNoChange && exitCode != kServerManagerRestartNeeded) {
      throwWin32(win32::kInstallFailure,
                 "ServerManagerCmd -install " + feature + " on " + server + " exited with " + code + "; its log " +
                     shareLog + " ends: " + trimmed(readTail(shareLog, kLogTail).value_or("(unreadable)")));
    }
    DeleteFileW(toWide(shareLog).c_str());
    restartNeeded = restartNeeded || exitCode == kServerManagerRestartNeeded;
  }
  return restartNeeded;
}

void ServerManagerOverWmi::restart(const std::string& server, const OperationContext& ctx) const {
  std::string bootedAt = WmiSession::connect(server).operatingSystem().lastBootUpTime;
  WmiSession::connect(server).restart();
  auto giveUp = std::chrono::steady_clock::now() + kRestartTimeout;
  std::string lastProblem = "it has not answered since";
  while (std::chrono::steady_clock::now() < giveUp) {
    ctx.sleepFor(pollInterval_);
    try {
      if (WmiSession::connect(server).operatingSystem().lastBootUpTime != bootedAt) return;
      lastProblem = "WMI still answers with the boot time from before";
    } catch (const BackendFailure& away) {  // expected while it restarts
      lastProblem = away.error().message;
    }
  }
  throwWin32(win32::kTimeout, server + " did not come back within 20 minutes of its restart: " + lastProblem);
}

}  // namespace cf::clusapi
