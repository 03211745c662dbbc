#include "orchestration/backends/simulated/atomic_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#ifdef _WIN32
#include <io.h>
#else
#include <fcntl.h>
#include <unistd.h>
#endif

namespace cf::sim {

namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path) {
  throw std::runtime_error(what + " " + path + ": " + std::strerror(errno));
}

void flushToDisk(std::FILE* file) {
#ifdef _WIN32
  _commit(_fileno(file));
#else
  fsync(fileno(file));
#endif
}

void flushDirectory(const std::string& path) {
#ifndef _WIN32
  auto dir = std::filesystem::path(path).parent_path();
  int fd = open(dir.empty() ? "." : dir.c_str(), O_RDONLY);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
#else
  (void)path;
#endif
}

}  // namespace

void writeFileAtomically(const std::string& path, const std::string& content) {
  std::string temporary = path + ".tmp";
  std::FILE* file = std::fopen(temporary.c_str(), "wb");
  if (!file) fail("cannot create", temporary);
  bool written = std::fwrite(content.data(), 1, content.size(), file) == content.size();
  written = std::fflush(file) == 0 && written;
  if (written) flushToDisk(file);
  std::fclose(file);
  if (!written) fail("cannot write", temporary);
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) throw std::runtime_error("cannot replace " + path + ": " + ec.message());
  flushDirectory(path);
}

}  // namespace cf::sim
