// Roles, features and restarts on a node that WinRM cannot reach (Windows
// Server 2008 RTM/SP1): the way an administrator does it from another host
// with WMI alone. Another piece of ClusapiBackend.
//
// Each feature is one ServerManagerCmd run (it takes one Id per -install),
// started through Win32_Process.Create under cmd.exe, which writes the exit
// code beside the -logPath log in the node's Windows\Temp\ClusterForge. Both
// are read back over the admin share (\\NODE\ADMIN$ is the node's Windows
// directory) once the process is gone: 0 installed, 1003 nothing to change,
// 3010 installed and a restart is needed; any other code fails the install
// with the end of the log. A restart is Win32Shutdown, then waiting until WMI
// answers again with a newer boot time.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "orchestration/model/operation_context.h"

namespace cf::clusapi {

class ServerManagerOverWmi {
 public:
  // How often a running ServerManagerCmd, or a restarting node, is asked again.
  explicit ServerManagerOverWmi(std::chrono::milliseconds pollInterval = std::chrono::seconds(5))
      : pollInterval_(pollInterval) {}

  // Returns whether the server needs a restart to finish.
  bool installFeatures(const std::string& server, const std::vector<std::string>& features,
                       const OperationContext& ctx) const;
  void restart(const std::string& server, const OperationContext& ctx) const;

 private:
  std::chrono::milliseconds pollInterval_;
};

}  // namespace cf::clusapi
