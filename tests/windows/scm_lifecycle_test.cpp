// The SCM lifecycle of the real service host code, under Wine: install,
// start, query, stop, uninstall; a failed start; a start from a console,
// which runs in the foreground until Ctrl+C or Ctrl+Break.
#include <gtest/gtest.h>

#include "tests/windows/beside_this_exe_win.h"

#include <windows.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "service/win/service_commands_win.h"
#include "service/win/service_installer_win.h"

namespace cf::service::win {
namespace {

using test::besideThisExe;

// A fresh folder per test, so one test's markers never answer another's.
std::string markerFolder(const std::string& test) {
  char temp[MAX_PATH];
  GetTempPathA(MAX_PATH, temp);
  std::string folder = std::string(temp) + "clusterforge-probe-" + std::to_string(GetCurrentProcessId()) + "-" + test;
  CreateDirectoryA(folder.c_str(), nullptr);
  return folder;
}

std::string readMarker(const std::string& folder, const std::string& name) {
  std::ifstream in(folder + "\\" + name);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Starts the probe from a console, as an operator would run the service by
// hand, with its markers in `folder`; the caller closes the handles.
PROCESS_INFORMATION startProbeInConsole(const std::string& folder, const std::wstring& extraArguments = L"") {
  std::wstring wideFolder(folder.begin(), folder.end());
  std::wstring command =
      L"\"" + besideThisExe(L"clusterforge_service_probe.exe") + L"\" service \"" + wideFolder + L"\"" + extraArguments;
  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION process{};
  EXPECT_TRUE(
      CreateProcessW(nullptr, command.data(), nullptr, nullptr, FALSE, 0, nullptr, nullptr, &startup, &process));
  return process;
}

SERVICE_STATUS waitForState(SC_HANDLE service, DWORD wanted) {
  SERVICE_STATUS status{};
  for (int i = 0; i < 300; ++i) {
    QueryServiceStatus(service, &status);
    if (status.dwCurrentState == wanted) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return status;
}

InstallOptions probe(const std::string& folder, bool failStart) {
  InstallOptions o;
  o.name = L"ClusterForgeProbe";
  std::wstring wideFolder(folder.begin(), folder.end());
  o.commandLine = L"\"" + besideThisExe(L"clusterforge_service_probe.exe") + L"\" service \"" + wideFolder + L"\"" +
                  (failStart ? L" fail" : L"");
  return o;
}

TEST(ScmLifecycle, InstallStartStopUninstall) {
  std::string folder = markerFolder("lifecycle");
  installService(probe(folder, false));
  SC_HANDLE manager = OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT);
  SC_HANDLE service = OpenServiceW(manager, L"ClusterForgeProbe", SERVICE_ALL_ACCESS);
  ASSERT_NE(service, nullptr);

  ASSERT_TRUE(StartServiceW(service, 0, nullptr)) << GetLastError();
  EXPECT_EQ(waitForState(service, SERVICE_RUNNING).dwCurrentState, static_cast<DWORD>(SERVICE_RUNNING));
  EXPECT_EQ(readMarker(folder, "started"), "yes");
  SERVICE_STATUS status{};
  EXPECT_TRUE(ControlService(service, SERVICE_CONTROL_INTERROGATE, &status));

  ASSERT_TRUE(ControlService(service, SERVICE_CONTROL_STOP, &status)) << GetLastError();
  auto stopped = waitForState(service, SERVICE_STOPPED);
  EXPECT_EQ(stopped.dwCurrentState, static_cast<DWORD>(SERVICE_STOPPED));
  EXPECT_EQ(stopped.dwWin32ExitCode, static_cast<DWORD>(NO_ERROR));
  EXPECT_EQ(readMarker(folder, "stopped"), "yes");
  CloseServiceHandle(service);

  uninstallService(L"ClusterForgeProbe");
  EXPECT_EQ(OpenServiceW(manager, L"ClusterForgeProbe", SERVICE_QUERY_STATUS), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_SERVICE_DOES_NOT_EXIST));
  CloseServiceHandle(manager);
}

TEST(ScmLifecycle, AFailedStartEndsStoppedWithItsReason) {
  std::string folder = markerFolder("failed-start");
  installService(probe(folder, true));
  SC_HANDLE manager = OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT);
  SC_HANDLE service = OpenServiceW(manager, L"ClusterForgeProbe", SERVICE_ALL_ACCESS);
  ASSERT_TRUE(StartServiceW(service, 0, nullptr)) << GetLastError();
  auto status = waitForState(service, SERVICE_STOPPED);
  EXPECT_EQ(status.dwCurrentState, static_cast<DWORD>(SERVICE_STOPPED));
  EXPECT_EQ(status.dwWin32ExitCode, static_cast<DWORD>(ERROR_SERVICE_SPECIFIC_ERROR));
  EXPECT_EQ(status.dwServiceSpecificExitCode, 1u);
  EXPECT_EQ(readMarker(folder, "fatal"), "the database cannot be opened: disk full");
  EXPECT_EQ(readMarker(folder, "started"), "");
  CloseServiceHandle(service);
  CloseServiceHandle(manager);
  uninstallService(L"ClusterForgeProbe");
}

TEST(ScmLifecycle, AConsoleStartRunsInTheForeground) {
  std::string folder = markerFolder("console");
  PROCESS_INFORMATION process = startProbeInConsole(folder);
  ASSERT_NE(process.hProcess, nullptr);
  for (int i = 0; i < 300 && readMarker(folder, "started").empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(readMarker(folder, "started"), "yes");  // it did not wait for an SCM that never came
  EXPECT_EQ(WaitForSingleObject(process.hProcess, 500), static_cast<DWORD>(WAIT_TIMEOUT));  // and it keeps running
  TerminateProcess(process.hProcess, 0);
  CloseHandle(process.hProcess);
  CloseHandle(process.hThread);
}

TEST(ScmLifecycle, CtrlBreakEndsAConsoleRunCleanly) {
  std::atomic<bool> started{false}, stopped{false};
  ServiceBody body{[&] { started = true; }, [&] { stopped = true; }, [](const std::string&) {}};
  std::thread console([&] {
    for (int i = 0; i < 300 && !started; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_FALSE(handleConsoleControl(CTRL_LOGOFF_EVENT));  // a user logging off does not stop a service
    EXPECT_TRUE(handleConsoleControl(CTRL_BREAK_EVENT));
  });
  std::ostringstream err;
  EXPECT_EQ(runServiceOrConsole(L"ClusterForgeProbe", body, err), 0);
  console.join();
  EXPECT_TRUE(stopped);
}

TEST(ScmLifecycle, AConsoleStartThatFailsSaysWhyAndExits1) {
  // In a process of its own: Wine answers a second dispatcher call in one
  // process differently from the first (Windows services make only one).
  std::string folder = markerFolder("console-fail");
  PROCESS_INFORMATION process = startProbeInConsole(folder, L" fail");
  ASSERT_NE(process.hProcess, nullptr);
  ASSERT_EQ(WaitForSingleObject(process.hProcess, 30000), static_cast<DWORD>(WAIT_OBJECT_0));
  DWORD code = 0;
  GetExitCodeProcess(process.hProcess, &code);
  EXPECT_EQ(code, 1u);
  EXPECT_EQ(readMarker(folder, "fatal"), "the database cannot be opened: disk full");
  EXPECT_EQ(readMarker(folder, "stopped"), "yes");
  CloseHandle(process.hProcess);
  CloseHandle(process.hThread);
}

}  // namespace
}  // namespace cf::service::win
