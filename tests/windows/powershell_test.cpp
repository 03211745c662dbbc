// The PowerShell runner under Wine, against a stand-in powershell.exe.
#include <gtest/gtest.h>

#include <thread>

#include "orchestration/backends/clusapi/win/powershell_win.h"
#include "orchestration/model/win32_error.h"
#include "tests/support/win32_code.h"
#include "tests/windows/beside_this_exe_win.h"

namespace cf::clusapi {
namespace {

using namespace std::chrono_literals;

PowerShell fake() { return PowerShell(test::besideThisExe(L"fake_powershell.exe")); }

TEST(PowerShellRunner, ArgumentsTravelAsDataNeverAsScript) {
  // What a hostile request might try; it must arrive as the same string.
  nlohmann::json args = {{"server", "EX-HUB1"}, {"note", "x\"; Remove-Item C:\\ -Recurse; $(whoami) `n"}};
  auto answer = fake().run("echo", args, 30s, OperationContext::forRequest(60s));
  EXPECT_EQ(answer["script"], "echo");
  EXPECT_EQ(answer["received"], args);
}

TEST(PowerShellRunner, AScriptsErrorBecomesItsWin32Code) {
  try {
    fake().run("fail", nlohmann::json::object(), 30s, OperationContext::forRequest(60s));
    FAIL();
  } catch (const BackendFailure& f) {
    EXPECT_EQ(f.error().code, win32::kAccessDenied);
    EXPECT_EQ(f.error().message, "Access is denied on EX-HUB1");
  }
}

TEST(PowerShellRunner, ACrashSaysWhatItPrinted) {
  try {
    fake().run("crash", nlohmann::json::object(), 30s, OperationContext::forRequest(60s));
    FAIL();
  } catch (const BackendFailure& f) {
    EXPECT_NE(std::string(f.what()).find("exited with 3: boom: crash"), std::string::npos) << f.what();
  }
}

TEST(PowerShellRunner, AHungScriptIsKilledAtItsTimeoutAsATransientError) {
  auto started = std::chrono::steady_clock::now();
  try {
    fake().run("hang", nlohmann::json::object(), 500ms, OperationContext::forRequest(60s));
    FAIL();
  } catch (const BackendFailure& f) {
    EXPECT_EQ(f.error().code, win32::kTimeout);
    EXPECT_TRUE(f.error().transient);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
}

TEST(PowerShellRunner, ACancelStopsAHungScript) {
  auto cancel = std::make_shared<StopFlag>();
  OperationContext ctx(cancel, std::make_shared<StopFlag>(), OperationContext::Clock::now() + 60s, nullptr);
  std::thread canceller([cancel] {
    std::this_thread::sleep_for(300ms);
    cancel->raise();
  });
  EXPECT_THROW(fake().run("hang", nlohmann::json::object(), 60s, ctx), OperationInterrupted);
  canceller.join();
}

TEST(PowerShellRunner, AMissingPowerShellIsAClearError) {
  PowerShell missing(L"C:\\nowhere\\powershell.exe");
  try {
    missing.run("echo", {}, 5s, OperationContext::forRequest(10s));
    FAIL();
  } catch (const BackendFailure& f) {
    // ERROR_FILE_NOT_FOUND or ERROR_PATH_NOT_FOUND, as Windows chooses.
    EXPECT_TRUE(f.error().code == 2 || f.error().code == 3) << f.error().code;
    EXPECT_NE(std::string(f.what()).find("cannot start PowerShell (C:\\nowhere\\powershell.exe)"), std::string::npos)
        << f.what();
  }
}

TEST(PowerShellRunner, EncodesTheScriptAsPowerShellExpects) {
  // "dir" in UTF-16LE, base64: what powershell.exe -EncodedCommand decodes.
  EXPECT_EQ(PowerShell::encodeCommand("dir"), "ZABpAHIA");
}

}  // namespace
}  // namespace cf::clusapi
