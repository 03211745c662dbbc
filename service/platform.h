// What differs between the platforms the service runs on, behind one set of
// functions: POSIX in platform_posix.cpp, Windows in win/platform_win.cpp.
// main() and the App call these and nothing platform-specific.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <spdlog/sinks/sink.h>

#include "orchestration/common/metrics.h"
#include "orchestration/model/cluster_backend.h"
#include "orchestration/jobs/secret_box.h"
#include "service/options.h"
#include "service/platform_traits.h"

namespace cf::service::platform {

// Runs the service until it is told to stop and returns the exit code. POSIX:
// in the foreground until SIGINT or SIGTERM. Windows: under the SCM when the
// SCM started the process, else in the console until Ctrl+C or Ctrl+Break.
int run(const Options& options);
// Registers or removes the Windows service; elsewhere says what to use instead.
int install(const InstallRequest& request);
int uninstall();

// New files (database, log, secret key) readable by the service's account
// alone: umask 077 on POSIX; on Windows the data folder's ACL is inherited.
void keepNewFilesPrivate();

// Whether standard output is a terminal that takes ANSI cursor movement (the
// CLI's live progress); on Windows this also turns that on for the console.
bool stdoutIsTerminal();

// Seals secrets at rest: AES-256-GCM with the key in `keyFile` (made when
// missing) on POSIX; DPAPI in the service account's scope on Windows (no key
// file, so instances on several Windows machines cannot share sealed secrets).
std::unique_ptr<SecretBox> makeSecretBox(const std::string& keyFile);
// This machine's name, for the instance id; "clusterforge" when it has none.
std::string hostName();
// The ClusAPI backend; only Windows has one (options refuse it elsewhere).
std::unique_ptr<ClusterBackend> makeClusapiBackend();
// Sinks beyond the console and the log file: the Event Log on Windows.
std::vector<spdlog::sink_ptr> extraLogSinks();
// Where the audit trail goes besides the database and the log: every entry
// to the Event Log on Windows; nothing more on POSIX.
std::vector<spdlog::sink_ptr> auditLogSinks();

// The process metrics Prometheus' client libraries export (process_*): CPU
// time, resident memory, open files or handles, and the start time.
void declareProcessMetrics(Metrics& metrics);

}  // namespace cf::service::platform
