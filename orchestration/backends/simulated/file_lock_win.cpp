#include "orchestration/backends/simulated/file_lock.h"

#include <windows.h>

#include <stdexcept>
#include <string>

namespace cf::sim {

FileLock::FileLock(const std::string& path) {
  handle_ = CreateFileA(path.c_str(), GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                        OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (handle_ == INVALID_HANDLE_VALUE) {
    throw std::runtime_error("cannot open lock file " + path + ": Win32 error " + std::to_string(GetLastError()));
  }
  OVERLAPPED whole{};
  if (!LockFileEx(handle_, LOCKFILE_EXCLUSIVE_LOCK, 0, MAXDWORD, MAXDWORD, &whole)) {
    DWORD error = GetLastError();
    CloseHandle(handle_);
    throw std::runtime_error("cannot lock " + path + ": Win32 error " + std::to_string(error));
  }
}

FileLock::~FileLock() {
  OVERLAPPED whole{};
  UnlockFileEx(handle_, 0, MAXDWORD, MAXDWORD, &whole);
  CloseHandle(handle_);
}

}  // namespace cf::sim
