// `clusterforge install` and `uninstall`: the service's registration with
// the SCM and the Event Log.
//
// install() creates the service to start automatically (delayed), with a
// description, recovery (restart after each of the first three failures, the
// count reset after a day), a pre-shutdown timeout long enough for running
// steps to reach a checkpoint, and a restricted service SID; and registers
// the Event Log source. Settings an older Windows (or Wine) does not support
// come back as warnings, not failures. uninstall() stops the service if it
// runs, deletes it and removes the Event Log source.
#pragma once

#include <string>
#include <vector>

namespace cf::service::win {

struct InstallOptions {
  std::wstring name = L"ClusterForge";
  std::wstring displayName = L"ClusterForge failover cluster provisioning";
  std::wstring description = L"Provisions Windows Server Failover Clusters through a REST API.";
  std::wstring commandLine;  // the quoted executable path and its arguments
  std::wstring account;      // empty: LocalSystem; a gMSA ends in $ and has no password
  unsigned preshutdownTimeoutMs = 60000;
};

struct InstallResult {
  std::vector<std::string> warnings;
};

// Throws std::runtime_error with the step and the Win32 error on failure.
InstallResult installService(const InstallOptions& options);
void uninstallService(const std::wstring& name);

}  // namespace cf::service::win
