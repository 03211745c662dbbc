// The platform seam on Windows (platform.h). Built with MSVC only, since the
// App needs the HTTP and storage layers; everything it calls is in the
// cross-built, tested Windows code.
#include <windows.h>
#include <psapi.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "orchestration/backends/clusapi/win/clusapi_backend_win.h"
#include "service/app.h"
#include "service/platform.h"
#include "service/win/dpapi_secret_box_win.h"
#include "service/win/event_log_win.h"
#include "service/win/service_commands_win.h"

namespace cf::service::platform {

int run(const Options& options) {
  App app(options);
  bool stoppedCleanly = true;
  win::ServiceBody body{
      [&] { app.start(); },
      [&] { stoppedCleanly = app.stop(); },
      [](const std::string& why) { win::reportErrorToEventLog("ClusterForge cannot start: " + why); },
  };
  int exitCode = win::runServiceOrConsole(win::kServiceName, body, std::cerr);
  if (!stoppedCleanly) {
    // Steps are still running (the SCM has been told STOPPED); their jobs
    // resume at the next start, so leave without waiting for them again.
    std::fflush(nullptr);
    std::_Exit(exitCode);
  }
  return exitCode;
}

int install(const InstallRequest& request) { return win::installCommand(request, std::cout, std::cerr); }

int uninstall() { return win::uninstallCommand(std::cout, std::cerr); }

void keepNewFilesPrivate() {}

bool stdoutIsTerminal() {
  HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
  DWORD mode = 0;
  if (out == INVALID_HANDLE_VALUE || !GetConsoleMode(out, &mode)) return false;  // a pipe or a file
  // Windows 10 and Server 2016 consoles draw ANSI sequences once asked; older ones get plain lines.
  constexpr DWORD kVirtualTerminalProcessing = 0x0004;
  return SetConsoleMode(out, mode | kVirtualTerminalProcessing) != 0;
}

std::unique_ptr<SecretBox> makeSecretBox(const std::string&) { return std::make_unique<win::DpapiSecretBox>(); }

std::string hostName() {
  char name[MAX_COMPUTERNAME_LENGTH + 1] = {};
  DWORD size = sizeof name;
  if (!GetComputerNameA(name, &size) || size == 0) return "clusterforge";
  return std::string(name, size);
}

std::unique_ptr<ClusterBackend> makeClusapiBackend() {
  return std::make_unique<clusapi::ClusapiBackend>(clusapi::ClusapiLibrary::load(),
                                                   clusapi::systemFileServerFunctions(), clusapi::PowerShell());
}

std::vector<spdlog::sink_ptr> extraLogSinks() { return {win::makeEventLogSink()}; }

std::vector<spdlog::sink_ptr> auditLogSinks() { return {win::makeEventLogSink(spdlog::level::info)}; }

void declareProcessMetrics(Metrics& metrics) {
  using Samples = std::map<Metrics::Labels, double>;
  double started = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  // FILETIMEs count 100-nanosecond intervals.
  auto seconds = [](const FILETIME& t) {
    return static_cast<double>((static_cast<uint64_t>(t.dwHighDateTime) << 32) | t.dwLowDateTime) / 1e7;
  };
  metrics.declareCounterReading("process_cpu_seconds_total", "User and system CPU time spent, in seconds.", {},
                                [seconds] {
                                  FILETIME created, exited, kernel, user;
                                  GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user);
                                  return Samples{{{}, seconds(kernel) + seconds(user)}};
                                });
  metrics.declareGauge("process_resident_memory_bytes", "Working set size, in bytes.", {}, [] {
    PROCESS_MEMORY_COUNTERS counters{};
    counters.cb = sizeof counters;
    GetProcessMemoryInfo(GetCurrentProcess(), &counters, sizeof counters);
    return Samples{{{}, static_cast<double>(counters.WorkingSetSize)}};
  });
  metrics.declareGauge("process_open_handles", "Open handles.", {}, [] {
    DWORD handles = 0;
    GetProcessHandleCount(GetCurrentProcess(), &handles);
    return Samples{{{}, static_cast<double>(handles)}};
  });
  metrics.declareGauge("process_start_time_seconds", "When the service started, in seconds since the Unix epoch.", {},
                       [started] {
                         return Samples{{{}, started}};
                       });
}

}  // namespace cf::service::platform
