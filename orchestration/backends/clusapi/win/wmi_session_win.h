// One WMI connection to a server's root\cimv2 over DCOM, as the service's own
// account: what a Windows Server 2008 node answers remotely without WinRM.
// Another piece of ClusapiBackend, used where PowerShell remoting cannot
// reach (ServerManagerOverWmi).
//
// The locator is CoCreateInstance(CLSID_WbemLocator), so a test can stand in
// for WMI by registering its own class object in the process. Each session
// joins the calling thread to COM's multithreaded apartment for its life and
// belongs to that thread. Failures throw BackendFailure with the Win32 code
// behind the HRESULT; a server that does not answer is
// RPC_S_SERVER_UNAVAILABLE with the firewall rule groups to check.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace cf::clusapi {

struct WmiOperatingSystem {
  std::string version;           // "6.0.6001"
  std::string windowsDirectory;  // "C:\Windows": what the ADMIN$ share shows
  std::string lastBootUpTime;    // CIM datetime; a restart changes it
};

class WmiSession {
 public:
  static WmiSession connect(const std::string& server);
  WmiSession(WmiSession&&) noexcept;
  WmiSession& operator=(WmiSession&&) = delete;
  ~WmiSession();

  WmiOperatingSystem operatingSystem() const;
  // Win32_Process.Create: starts `commandLine` on the server, returns its id.
  uint32_t startProcess(const std::string& commandLine) const;
  bool processRunning(uint32_t processId) const;
  // Win32_OperatingSystem.Win32Shutdown: a forced restart, which returns at once.
  void restart() const;

 private:
  struct State;
  explicit WmiSession(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace cf::clusapi
