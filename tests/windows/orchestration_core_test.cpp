// The orchestration core, built for Windows and run under Wine: the parts
// whose behaviour could differ by platform (time formatting, file
// replacement, threads) work the same there.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "orchestration/backends/simulated/atomic_file.h"
#include "orchestration/common/clock.h"
#include "orchestration/specs/cluster_spec.h"
#include "orchestration/model/operation_context.h"

namespace cf {
namespace {

TEST(WindowsCore, FormatsTimesInUtc) {
  EXPECT_EQ(formatRfc3339(std::chrono::system_clock::time_point(std::chrono::milliseconds(1764070265123))),
            "2025-11-25T11:31:05.123Z");
}

TEST(WindowsCore, ReplacesAFileAtomically) {
  std::string path = "clusterforge-atomic-test.json";
  sim::writeFileAtomically(path, "first");
  sim::writeFileAtomically(path, "second");
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "second");
  std::remove(path.c_str());
}

TEST(WindowsCore, ValidatesASpecTheSameWay) {
  auto parsed = parseClusterSpec(
      "EXCLUSTER",
      nlohmann::json::parse(
          R"({"nodes":["EX-NODE1","EX-NODE2"],"staticAddresses":[{"address":"10.0.0.50","prefixLength":24}]})"));
  EXPECT_TRUE(parsed.spec);
}

TEST(WindowsCore, AStopFlagWakesASleepingOperation) {
  auto cancel = std::make_shared<StopFlag>();
  OperationContext ctx(cancel, std::make_shared<StopFlag>(), OperationContext::Clock::now() + std::chrono::seconds(30),
                       nullptr);
  std::thread raiser([cancel] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    cancel->raise();
  });
  auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(ctx.sleepFor(std::chrono::seconds(10)), OperationInterrupted);
  raiser.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

}  // namespace
}  // namespace cf
