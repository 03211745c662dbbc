#include <malloc.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <stdexcept>

#include "service/aes_gcm_secret_box.h"
#include "service/app.h"
#include "service/platform.h"
#include "service/termination_signal.h"

namespace cf::service::platform {

namespace {
// Each connection is a descriptor, and a parked long-poll keeps its
// connection: the default soft limit (often 1024) would cap --max-connections
// and --max-long-polls below their defaults. The hard limit is the admin's.
void raiseOpenFileLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &limit);
}

// glibc gives each thread that allocates its own arena, up to 8 per core, and
// an arena keeps what was freed in it: after a burst of large answers (a
// client paging through 100,000 jobs) the request threads' arenas would hold
// memory the process no longer uses. Two arenas keep that bounded; request
// threads spend little of their time in malloc.
void boundAllocatorArenas() { ::mallopt(M_ARENA_MAX, 2); }
}  // namespace

int run(const Options& options) {
  keepNewFilesPrivate();
  raiseOpenFileLimit();
  boundAllocatorArenas();
  blockTerminationSignals();
  App app(options);
  try {
    app.start();
  } catch (const std::exception& e) {
    std::cerr << "clusterforge: cannot start: " << e.what() << "\n";
    app.stop();
    return 1;
  }
  while (waitForServiceSignal() == ServiceSignal::Reload) app.reloadCertificates();
  if (!app.stop()) {
    // Workers are still inside a step; the database keeps every committed
    // change and the next start resumes their jobs, so leave without waiting.
    std::fflush(nullptr);
    std::_Exit(0);
  }
  return 0;
}

void keepNewFilesPrivate() { ::umask(0077); }

bool stdoutIsTerminal() {
  const char* term = std::getenv("TERM");
  return ::isatty(STDOUT_FILENO) == 1 && !(term && std::string(term) == "dumb");
}

int install(const InstallRequest&) {
  std::cerr << "clusterforge: install registers a Windows service; on Linux, install "
               "deploy/linux/clusterforge.service with systemd\n";
  return 2;
}

int uninstall() {
  std::cerr << "clusterforge: uninstall removes the Windows service; on Linux, use systemctl disable clusterforge\n";
  return 2;
}

std::unique_ptr<SecretBox> makeSecretBox(const std::string& keyFile) {
  return std::make_unique<AesGcmSecretBox>(keyFile);
}

std::string hostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || !name[0]) return "clusterforge";
  return name;
}

std::unique_ptr<ClusterBackend> makeClusapiBackend() {
  throw std::runtime_error("the clusapi backend runs only on Windows");
}

std::vector<spdlog::sink_ptr> extraLogSinks() { return {}; }

std::vector<spdlog::sink_ptr> auditLogSinks() { return {}; }

void declareProcessMetrics(Metrics& metrics) {
  using Samples = std::map<Metrics::Labels, double>;
  double started = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  metrics.declareCounterReading("process_cpu_seconds_total", "User and system CPU time spent, in seconds.", {}, [] {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
    return Samples{{{}, seconds(usage.ru_utime) + seconds(usage.ru_stime)}};
  });
  metrics.declareGauge("process_resident_memory_bytes", "Resident memory size, in bytes.", {}, [] {
    long pages = 0, resident = 0;
    if (FILE* statm = std::fopen("/proc/self/statm", "r")) {
      if (std::fscanf(statm, "%ld %ld", &pages, &resident) != 2) resident = 0;
      std::fclose(statm);
    }
    return Samples{{{}, static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE))}};
  });
  metrics.declareGauge("process_open_fds", "Open file descriptors.", {}, [] {
    std::error_code error;
    double count = 0;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", error);
         !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
      ++count;
    }
    return Samples{{{}, count}};
  });
  metrics.declareGauge("process_max_fds", "The most file descriptors the process may open.", {}, [] {
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    return Samples{{{}, static_cast<double>(limit.rlim_cur)}};
  });
  metrics.declareGauge("process_start_time_seconds", "When the service started, in seconds since the Unix epoch.", {},
                       [started] {
                         return Samples{{{}, started}};
                       });
}

}  // namespace cf::service::platform
