// `clusterforge run`, `install` and `uninstall` on Windows, free of the
// HTTP and storage layers so they build (and are tested) everywhere the
// Windows-only code is: the service itself comes in as a ServiceBody.
//
// runServiceOrConsole: under the SCM when the SCM started the process (see
// scm_host_win.h), else in the console until Ctrl+C, Ctrl+Break or the
// console closes. Returns the exit code: 0 after a clean stop, 1 when the
// service could not start (its reason on `err` and in the Event Log).
//
// installCommand registers the service to run this executable as
// `run --config FILE` (the file's full path) or, without one, as
// `run --backend clusapi --data-dir %ProgramData%\ClusterForge`, under the
// given account (a gMSA needs no password; LocalSystem when none is given).
// It prints what it did and any setting Windows did not take.
#pragma once

#include <ostream>
#include <string>

#include "service/options.h"
#include "service/win/scm_host_win.h"

namespace cf::service::win {

constexpr const wchar_t* kServiceName = L"ClusterForge";

int runServiceOrConsole(const std::wstring& serviceName, ServiceBody body, std::ostream& err);
int installCommand(const InstallRequest& request, std::ostream& out, std::ostream& err);
int uninstallCommand(std::ostream& out, std::ostream& err);

// What the console's Ctrl+C, Ctrl+Break, close and shutdown events do to a
// console run: end it. The handler runServiceOrConsole installs; exposed for tests,
// since Wine delivers no console events to a process without a console.
bool handleConsoleControl(unsigned long control);
// The command line the SCM starts the service with.
std::wstring serviceCommandLine(const std::wstring& executable, const InstallRequest& request);

}  // namespace cf::service::win
