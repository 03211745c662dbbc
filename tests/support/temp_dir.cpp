#include "tests/support/temp_dir.h"

#include <filesystem>
#include <random>

namespace cf::test {

TempDir::TempDir() {
  std::random_device random;
  auto base = std::filesystem::temp_directory_path();
  do {
    path_ = (base / ("clusterforge-test-" + std::to_string(random()))).string();
  } while (!std::filesystem::create_directory(path_));
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace cf::test
