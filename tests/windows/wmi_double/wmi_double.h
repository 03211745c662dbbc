// A stand-in for WMI on the lab's nodes, for the Windows tests: the class
// object of CLSID_WbemLocator registered in this process, so that
// WmiSession's CoCreateInstance finds it before the system's. It answers for
// the servers of the lab CLUSTERFORGE_DOUBLE_LAB (with its saved state
// CLUSTERFORGE_DOUBLE_STATE) as a Windows Server 2008 node does:
//   Win32_OperatingSystem  Version, WindowsDirectory (C:\Windows),
//                          LastBootUpTime, __PATH, and Win32Shutdown, after
//                          which the node answers no connection
//                          (RPC_S_SERVER_UNAVAILABLE) for a few attempts and
//                          comes back with a newer boot time, restarted in
//                          the lab;
//   Win32_Process          Create, for the one form of command line a node's
//                          cmd.exe is given (ServerManagerCmd, then echo of
//                          its exit code to a file), which it runs for real:
//                          the stand-in ServerManagerCmd.exe beside this
//                          program, on the node named by CLUSTERFORGE_NODE,
//                          its C:\Windows paths seen through \\NODE\ADMIN$;
//                          and a query by ProcessId while that runs.
// Under Wine, \\NODE\ADMIN$ is the folder dosdevices/unc/node/admin$ of the
// Wine prefix, which the test makes (WmiDouble::adminShare).
#pragma once

#include <string>

namespace cf::test {

class WmiDouble {
 public:
  WmiDouble();  // registers; fails the test when COM refuses
  ~WmiDouble();
  WmiDouble(const WmiDouble&) = delete;
  WmiDouble& operator=(const WmiDouble&) = delete;

  // Makes `server`'s admin share answer from a fresh folder; returns its path.
  static std::string adminShare(const std::string& server);
  // How many connections a restarted node refuses before it answers again.
  static constexpr int kConnectionsRefusedWhileRestarting = 2;

  // Since this object was made: processes the nodes started, and
  // connections refused because a node was restarting.
  static int processesStarted();
  static int connectionsRefused();

 private:
  unsigned long cookie_ = 0;
};

}  // namespace cf::test
