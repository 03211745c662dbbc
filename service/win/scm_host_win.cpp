#include "service/win/scm_host_win.h"

#include <windows.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>

namespace cf::service::win {

namespace {

// What the SCM's callbacks need; the dispatcher runs one service per process.
struct HostState {
  std::wstring name;
  ServiceBody body;
  SERVICE_STATUS_HANDLE handle = nullptr;
  HANDLE stopRequested = nullptr;
  std::mutex reportMutex;
  DWORD checkpoint = 0;
  int exitCode = 0;
};
HostState* host = nullptr;

constexpr DWORD kPendingHintMs = 10000;

void report(DWORD state, DWORD win32ExitCode = NO_ERROR, DWORD serviceExitCode = 0) {
  std::lock_guard<std::mutex> lock(host->reportMutex);
  SERVICE_STATUS status{};
  status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
  status.dwCurrentState = state;
  status.dwControlsAccepted =
      state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN | SERVICE_ACCEPT_PRESHUTDOWN : 0;
  status.dwWin32ExitCode = win32ExitCode;
  status.dwServiceSpecificExitCode = serviceExitCode;
  bool pending = state == SERVICE_START_PENDING || state == SERVICE_STOP_PENDING;
  status.dwCheckPoint = pending ? ++host->checkpoint : 0;
  status.dwWaitHint = pending ? kPendingHintMs : 0;
  SetServiceStatus(host->handle, &status);
}

// Raises the checkpoint every second while `work` runs, so the SCM sees progress.
void whilePending(DWORD state, const std::function<void()>& work) {
  std::atomic<bool> done{false};
  report(state);
  std::thread ticker([&] {
    while (!done) {
      for (int i = 0; i < 10 && !done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      if (!done) report(state);
    }
  });
  try {
    work();
  } catch (...) {
    done = true;
    ticker.join();
    throw;
  }
  done = true;
  ticker.join();
}

DWORD WINAPI onControl(DWORD control, DWORD, void*, void*) {
  switch (control) {
    case SERVICE_CONTROL_STOP:
    case SERVICE_CONTROL_SHUTDOWN:
    case SERVICE_CONTROL_PRESHUTDOWN:
      // The handler must return at once; the service thread does the stopping.
      SetEvent(host->stopRequested);
      return NO_ERROR;
    case SERVICE_CONTROL_INTERROGATE: return NO_ERROR;
    default: return ERROR_CALL_NOT_IMPLEMENTED;
  }
}

void WINAPI serviceMain(DWORD, LPWSTR*) {
  host->handle = RegisterServiceCtrlHandlerExW(host->name.c_str(), onControl, nullptr);
  if (!host->handle) return;
  try {
    whilePending(SERVICE_START_PENDING, host->body.start);
  } catch (const std::exception& e) {
    host->body.reportFatal(e.what());
    host->exitCode = 1;
    report(SERVICE_STOPPED, ERROR_SERVICE_SPECIFIC_ERROR, 1);
    return;
  }
  report(SERVICE_RUNNING);
  WaitForSingleObject(host->stopRequested, INFINITE);
  try {
    whilePending(SERVICE_STOP_PENDING, host->body.stop);
  } catch (const std::exception& e) {
    host->body.reportFatal(std::string("stopping: ") + e.what());
  }
  report(SERVICE_STOPPED);
}

}  // namespace

bool runUnderScm(const std::wstring& serviceName, ServiceBody body, int& exitCode) {
  HostState state;
  state.name = serviceName;
  state.body = std::move(body);
  state.stopRequested = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  host = &state;
  SERVICE_TABLE_ENTRYW table[] = {{const_cast<LPWSTR>(state.name.c_str()), serviceMain}, {nullptr, nullptr}};
  bool underScm = StartServiceCtrlDispatcherW(table) != 0;
  DWORD error = underScm ? NO_ERROR : GetLastError();
  CloseHandle(state.stopRequested);
  host = nullptr;
  exitCode = state.exitCode;
  // Any other failure of the dispatcher is as fatal as a failed start.
  if (!underScm && error != ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) {
    exitCode = 1;
    return true;
  }
  return underScm;
}

}  // namespace cf::service::win
