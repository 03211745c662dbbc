// An exclusive lock on a file, held for the object's life, between
// processes: what lets several service instances share one simulated lab
// file without losing each other's changes. Blocks until the lock is free.
#pragma once

#include <string>

namespace cf::sim {

class FileLock {
 public:
  // Creates the file when missing. Throws std::runtime_error with the path
  // and the system's reason when it cannot be opened or locked.
  explicit FileLock(const std::string& path);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  void* handle_ = nullptr;  // a HANDLE on Windows
  int fd_ = -1;             // elsewhere
};

}  // namespace cf::sim
