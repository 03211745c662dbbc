// Runs a program as a Windows service under the Service Control Manager.
//
// runUnderScm() hands the process to the SCM dispatcher; it returns false at
// once when the process was started from a console instead (the dispatcher
// fails with ERROR_FAILED_SERVICE_CONTROLLER_CONNECT), so the caller can run
// in the foreground. Under the SCM it reports START_PENDING with rising
// checkpoints while `start` runs, RUNNING when it returns, and on STOP,
// SHUTDOWN or PRESHUTDOWN reports STOP_PENDING with checkpoints while `stop`
// runs, then STOPPED. A `start` that throws ends in STOPPED with a
// service-specific exit code, and its message goes to `reportFatal` (the
// Event Log) so the operator sees what to fix.
#pragma once

#include <functional>
#include <string>

namespace cf::service::win {

struct ServiceBody {
  std::function<void()> start;                          // throws std::exception to refuse to start
  std::function<void()> stop;                           // lets running work reach a checkpoint
  std::function<void(const std::string&)> reportFatal;  // why the service could not start
};

// Returns true after the service ran and stopped under the SCM (exitCode is
// what it reported), false when not started by the SCM.
bool runUnderScm(const std::wstring& serviceName, ServiceBody body, int& exitCode);

}  // namespace cf::service::win
