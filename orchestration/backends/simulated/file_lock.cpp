#include "orchestration/backends/simulated/file_lock.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#ifdef _WIN32
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#endif

namespace cf::sim {

#ifdef _WIN32

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

#else

FileLock::FileLock(const std::string& path) {
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) throw std::runtime_error("cannot open lock file " + path + ": " + std::strerror(errno));
  while (::flock(fd_, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    int error = errno;
    ::close(fd_);
    throw std::runtime_error("cannot lock " + path + ": " + std::strerror(error));
  }
}

FileLock::~FileLock() { ::close(fd_); }  // closing releases the lock

#endif

}  // namespace cf::sim
