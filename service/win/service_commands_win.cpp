#include "service/win/service_commands_win.h"

#include <windows.h>

#include <stdexcept>
#include <utility>

#include "orchestration/backends/clusapi/win/cluster_connection_win.h"
#include "service/win/service_installer_win.h"

namespace cf::service::win {

namespace {

using clusapi::toWide;

HANDLE consoleStop = nullptr;

BOOL WINAPI onConsoleControl(DWORD control) { return handleConsoleControl(control) ? TRUE : FALSE; }

std::wstring fullPath(const std::wstring& path) {
  DWORD chars = GetFullPathNameW(path.c_str(), 0, nullptr, nullptr);
  std::wstring out(chars, L'\0');
  chars = GetFullPathNameW(path.c_str(), chars, out.data(), nullptr);
  out.resize(chars);
  return out;
}

std::wstring quoted(const std::wstring& text) { return L"\"" + text + L"\""; }

std::wstring thisExecutable() {
  std::wstring path(MAX_PATH, L'\0');
  for (;;) {
    DWORD chars = GetModuleFileNameW(nullptr, path.data(), static_cast<DWORD>(path.size()));
    if (chars < path.size()) return path.substr(0, chars);
    path.resize(path.size() * 2);
  }
}

std::wstring programData() {
  wchar_t folder[MAX_PATH];
  DWORD chars = GetEnvironmentVariableW(L"ProgramData", folder, MAX_PATH);
  return chars > 0 && chars < MAX_PATH ? std::wstring(folder, chars) : L"C:\\ProgramData";
}

}  // namespace

bool handleConsoleControl(unsigned long control) {
  switch (control) {
    case CTRL_C_EVENT:
    case CTRL_BREAK_EVENT:
    case CTRL_CLOSE_EVENT:
    case CTRL_SHUTDOWN_EVENT:
      if (consoleStop) SetEvent(consoleStop);
      return true;
    default: return false;
  }
}

std::wstring serviceCommandLine(const std::wstring& executable, const InstallRequest& request) {
  std::wstring line = quoted(executable) + L" run";
  if (!request.configFile.empty()) return line + L" --config " + quoted(fullPath(toWide(request.configFile)));
  return line + L" --backend clusapi --data-dir " + quoted(programData() + L"\\ClusterForge");
}

int runServiceOrConsole(const std::wstring& serviceName, ServiceBody body, std::ostream& err) {
  int exitCode = 0;
  if (runUnderScm(serviceName, body, exitCode)) return exitCode;

  consoleStop = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  if (!consoleStop) {
    err << "clusterforge: cannot create the console stop event (Win32 error " << GetLastError() << ")\n";
    return 1;
  }
  SetConsoleCtrlHandler(onConsoleControl, TRUE);
  try {
    body.start();
  } catch (const std::exception& e) {
    err << "clusterforge: cannot start: " << e.what() << "\n";
    body.reportFatal(e.what());
    body.stop();
    return 1;
  }
  WaitForSingleObject(consoleStop, INFINITE);
  body.stop();
  SetConsoleCtrlHandler(onConsoleControl, FALSE);
  CloseHandle(std::exchange(consoleStop, nullptr));
  return 0;
}

int installCommand(const InstallRequest& request, std::ostream& out, std::ostream& err) {
  InstallOptions options;
  options.name = kServiceName;
  options.account = toWide(request.account);
  options.commandLine = serviceCommandLine(thisExecutable(), request);
  try {
    InstallResult result = installService(options);
    out << "installed the ClusterForge service" << (request.account.empty() ? "" : " as " + request.account) << "\n";
    for (const auto& warning : result.warnings) out << "warning: " << warning << "\n";
    out << "start it with: sc.exe start ClusterForge\n";
    return 0;
  } catch (const std::exception& e) {
    err << "clusterforge: cannot install the service: " << e.what() << "\n";
    return 1;
  }
}

int uninstallCommand(std::ostream& out, std::ostream& err) {
  try {
    uninstallService(kServiceName);
    out << "removed the ClusterForge service and its Event Log source\n";
    return 0;
  } catch (const std::exception& e) {
    err << "clusterforge: cannot uninstall the service: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace cf::service::win
