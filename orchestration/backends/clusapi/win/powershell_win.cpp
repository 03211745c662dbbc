#include "orchestration/backends/clusapi/win/powershell_win.h"

#include <windows.h>

#include <thread>

#include "orchestration/backends/clusapi/utf16.h"
#include "orchestration/common/base64.h"
#include "orchestration/backends/clusapi/win/cluster_connection_win.h"
#include "orchestration/model/win32_error.h"

namespace cf::clusapi {

namespace {

struct Handle {
  HANDLE h = nullptr;
  ~Handle() {
    if (h && h != INVALID_HANDLE_VALUE) CloseHandle(h);
  }
};

// Reads a pipe to its end on a thread of its own, so a full pipe never stalls the script.
void drain(HANDLE pipe, std::string& into) {
  char buffer[4096];
  DWORD read = 0;
  while (ReadFile(pipe, buffer, sizeof buffer, &read, nullptr) && read > 0) into.append(buffer, read);
}

}  // namespace

std::string PowerShell::encodeCommand(const std::string& script) {
  std::string utf16le;
  for (char16_t c : toUtf16(script)) {
    utf16le.push_back(static_cast<char>(c & 0xFF));
    utf16le.push_back(static_cast<char>(c >> 8));
  }
  return base64Encode(utf16le);
}

nlohmann::json PowerShell::run(const std::string& script, const nlohmann::json& arguments,
                               std::chrono::milliseconds timeout, const OperationContext& ctx) const {
  ctx.checkpoint();
  SECURITY_ATTRIBUTES inherit{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
  Handle inRead, inWrite, outRead, outWrite, errRead, errWrite;
  if (!CreatePipe(&inRead.h, &inWrite.h, &inherit, 0) || !CreatePipe(&outRead.h, &outWrite.h, &inherit, 0) ||
      !CreatePipe(&errRead.h, &errWrite.h, &inherit, 0)) {
    throwWin32(GetLastError(), "cannot create pipes for PowerShell");
  }
  // Only the child's ends are inherited.
  SetHandleInformation(inWrite.h, HANDLE_FLAG_INHERIT, 0);
  SetHandleInformation(outRead.h, HANDLE_FLAG_INHERIT, 0);
  SetHandleInformation(errRead.h, HANDLE_FLAG_INHERIT, 0);

  std::wstring command = L"\"" + executable_ +
                         L"\" -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand " +
                         toWide(encodeCommand(script));
  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdInput = inRead.h;
  startup.hStdOutput = outWrite.h;
  startup.hStdError = errWrite.h;
  PROCESS_INFORMATION process{};
  if (!CreateProcessW(nullptr, command.data(), nullptr, nullptr, TRUE, CREATE_NO_WINDOW, nullptr, nullptr, &startup,
                      &process)) {
    throwWin32(GetLastError(), "cannot start PowerShell (" + fromWide(executable_) + ")");
  }
  Handle processHandle{process.hProcess}, threadHandle{process.hThread};
  CloseHandle(inRead.h);
  inRead.h = nullptr;
  CloseHandle(outWrite.h);
  outWrite.h = nullptr;
  CloseHandle(errWrite.h);
  errWrite.h = nullptr;

  std::string input = arguments.dump(), output, errors;
  std::thread outReader(drain, outRead.h, std::ref(output));
  std::thread errReader(drain, errRead.h, std::ref(errors));
  DWORD written = 0;
  WriteFile(inWrite.h, input.data(), static_cast<DWORD>(input.size()), &written, nullptr);
  CloseHandle(inWrite.h);
  inWrite.h = nullptr;

  // Wait in short slices so a cancel or shutdown is noticed; past the timeout, kill.
  auto deadline = std::chrono::steady_clock::now() + timeout;
  DWORD waited = WAIT_TIMEOUT;
  bool timedOut = false, interrupted = false;
  while ((waited = WaitForSingleObject(process.hProcess, 100)) == WAIT_TIMEOUT) {
    if (std::chrono::steady_clock::now() >= deadline) timedOut = true;
    if (ctx.stopRequested()) interrupted = true;
    if (timedOut || interrupted) {
      TerminateProcess(process.hProcess, ERROR_TIMEOUT);
      WaitForSingleObject(process.hProcess, INFINITE);
      break;
    }
  }
  outReader.join();
  errReader.join();
  if (interrupted) ctx.checkpoint();
  if (timedOut)
    throwWin32(win32::kTimeout, "PowerShell did not finish within " + std::to_string(timeout.count()) + " ms");

  DWORD exitCode = 0;
  GetExitCodeProcess(process.hProcess, &exitCode);
  nlohmann::json answer = nlohmann::json::parse(output, nullptr, false);
  if (answer.is_object() && answer.contains("error")) {
    const auto& e = answer["error"];
    throwWin32(e.value("code", static_cast<DWORD>(ERROR_GEN_FAILURE)),
               e.value("message", std::string("PowerShell failed")));
  }
  if (exitCode != 0 || answer.is_discarded()) {
    std::string why = errors.empty() ? output.substr(0, 300) : errors.substr(0, 300);
    throwWin32(ERROR_GEN_FAILURE, "PowerShell exited with " + std::to_string(exitCode) + ": " + why);
  }
  return answer;
}

}  // namespace cf::clusapi
