// A test that starts the real binary in a data directory of its own, with
// changes applied at once (--sim-delay-ms 0) unless the test says otherwise.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "tests/integration/service_process.h"
#include "tests/support/temp_dir.h"

namespace cf::test {

class ServiceTest : public ::testing::Test {
 protected:
  TempDir dir;
  std::unique_ptr<ServiceProcess> service;

  void start(std::vector<std::string> args = {}) {
    args.insert(args.begin(), {"--sim-delay-ms", "0"});
    service = std::make_unique<ServiceProcess>(dir.path(), args);
    service->start();
  }
};

}  // namespace cf::test
