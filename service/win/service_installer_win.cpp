#include "service/win/service_installer_win.h"

#include <windows.h>

#include <stdexcept>
#include <thread>

namespace cf::service::win {

namespace {

[[noreturn]] void fail(const char* step) {
  throw std::runtime_error(std::string(step) + " failed with Win32 error " + std::to_string(GetLastError()));
}

struct ScHandle {
  SC_HANDLE h;
  explicit ScHandle(SC_HANDLE handle) : h(handle) {}
  ~ScHandle() {
    if (h) CloseServiceHandle(h);
  }
  ScHandle(const ScHandle&) = delete;
  ScHandle& operator=(const ScHandle&) = delete;
};

std::wstring eventLogKey(const std::wstring& name) {
  return L"SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\" + name;
}

// A setting some versions lack: a warning, not a failure.
void optionalConfig(SC_HANDLE service, DWORD level, void* info, const char* what, InstallResult& result) {
  if (!ChangeServiceConfig2W(service, level, info)) {
    result.warnings.push_back(std::string(what) + " was not set (Win32 error " + std::to_string(GetLastError()) + ")");
  }
}

}  // namespace

InstallResult installService(const InstallOptions& o) {
  InstallResult result;
  ScHandle manager(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CREATE_SERVICE));
  if (!manager.h) fail("OpenSCManager");
  ScHandle service(CreateServiceW(manager.h, o.name.c_str(), o.displayName.c_str(), SERVICE_ALL_ACCESS,
                                  SERVICE_WIN32_OWN_PROCESS, SERVICE_AUTO_START, SERVICE_ERROR_NORMAL,
                                  o.commandLine.c_str(), nullptr, nullptr, nullptr,
                                  o.account.empty() ? nullptr : o.account.c_str(), nullptr));
  if (!service.h) fail("CreateService");

  SERVICE_DESCRIPTIONW description{const_cast<LPWSTR>(o.description.c_str())};
  if (!ChangeServiceConfig2W(service.h, SERVICE_CONFIG_DESCRIPTION, &description)) fail("setting the description");

  SC_ACTION restart[3] = {{SC_ACTION_RESTART, 60000}, {SC_ACTION_RESTART, 60000}, {SC_ACTION_RESTART, 60000}};
  SERVICE_FAILURE_ACTIONSW failure{};
  failure.dwResetPeriod = 24 * 60 * 60;
  failure.cActions = 3;
  failure.lpsaActions = restart;
  if (!ChangeServiceConfig2W(service.h, SERVICE_CONFIG_FAILURE_ACTIONS, &failure)) fail("setting recovery");

  SERVICE_PRESHUTDOWN_INFO preshutdown{o.preshutdownTimeoutMs};
  if (!ChangeServiceConfig2W(service.h, SERVICE_CONFIG_PRESHUTDOWN_INFO, &preshutdown)) fail("setting pre-shutdown");

  // Wine answers 124 (ERROR_INVALID_LEVEL) to these three (CLUSAPI-NOTES.md).
  SERVICE_FAILURE_ACTIONS_FLAG onNonCrash{TRUE};
  optionalConfig(service.h, SERVICE_CONFIG_FAILURE_ACTIONS_FLAG, &onNonCrash, "recovery on non-crash failures", result);
  SERVICE_DELAYED_AUTO_START_INFO delayed{TRUE};
  optionalConfig(service.h, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, &delayed, "delayed automatic start", result);
  SERVICE_SID_INFO sid{SERVICE_SID_TYPE_RESTRICTED};
  optionalConfig(service.h, SERVICE_CONFIG_SERVICE_SID_INFO, &sid, "a restricted service SID", result);

  HKEY key = nullptr;
  if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, eventLogKey(o.name).c_str(), 0, nullptr, 0, KEY_SET_VALUE, nullptr, &key,
                      nullptr) == ERROR_SUCCESS) {
    DWORD types = EVENTLOG_ERROR_TYPE | EVENTLOG_WARNING_TYPE | EVENTLOG_INFORMATION_TYPE;
    RegSetValueExW(key, L"TypesSupported", 0, REG_DWORD, reinterpret_cast<const BYTE*>(&types), sizeof types);
    // .NET's message file renders every event id as its text ("%1"), so Event
    // Viewer shows our lines instead of "the description cannot be found".
    const std::wstring messages = L"%SystemRoot%\\Microsoft.NET\\Framework64\\v4.0.30319\\EventLogMessages.dll";
    RegSetValueExW(key, L"EventMessageFile", 0, REG_EXPAND_SZ, reinterpret_cast<const BYTE*>(messages.c_str()),
                   static_cast<DWORD>((messages.size() + 1) * sizeof(wchar_t)));
    RegCloseKey(key);
  } else {
    result.warnings.push_back("the Event Log source was not registered");
  }
  return result;
}

void uninstallService(const std::wstring& name) {
  ScHandle manager(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
  if (!manager.h) fail("OpenSCManager");
  ScHandle service(OpenServiceW(manager.h, name.c_str(), SERVICE_STOP | SERVICE_QUERY_STATUS | DELETE));
  if (!service.h) fail("OpenService");
  SERVICE_STATUS status{};
  if (ControlService(service.h, SERVICE_CONTROL_STOP, &status)) {
    for (int i = 0; i < 600 && status.dwCurrentState != SERVICE_STOPPED; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      if (!QueryServiceStatus(service.h, &status)) break;
    }
  }
  if (!DeleteService(service.h)) fail("DeleteService");
  RegDeleteKeyW(HKEY_LOCAL_MACHINE, eventLogKey(name).c_str());
}

}  // namespace cf::service::win
