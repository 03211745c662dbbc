// `clusterforge install` / `uninstall`, the options as Windows reads them,
// and the Event Log sink, under Wine.
#include <gtest/gtest.h>

#include <windows.h>

#include <fstream>
#include <sstream>

#include <spdlog/logger.h>

#include "service/options.h"
#include "service/win/event_log_win.h"
#include "service/win/service_commands_win.h"

namespace cf::service::win {
namespace {

std::wstring configuredCommandLine(const std::wstring& service) {
  SC_HANDLE manager = OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT);
  SC_HANDLE handle = OpenServiceW(manager, service.c_str(), SERVICE_QUERY_CONFIG);
  std::wstring line;
  if (handle) {
    DWORD needed = 0;
    QueryServiceConfigW(handle, nullptr, 0, &needed);
    std::vector<uint8_t> buffer(needed);
    auto* config = reinterpret_cast<QUERY_SERVICE_CONFIGW*>(buffer.data());
    if (QueryServiceConfigW(handle, config, needed, &needed)) line = config->lpBinaryPathName;
    CloseServiceHandle(handle);
  }
  CloseServiceHandle(manager);
  return line;
}

TEST(ServiceCommands, TheServiceRunsWithTheConfigFileByItsFullPath) {
  std::wstring line =
      serviceCommandLine(L"C:\\Program Files\\ClusterForge\\clusterforge.exe", {"", "clusterforge.json"});
  EXPECT_EQ(line.rfind(L"\"C:\\Program Files\\ClusterForge\\clusterforge.exe\" run --config \"", 0), 0u);
  EXPECT_NE(line.find(L":\\"), line.find(L"--config"));  // a drive-rooted path, not the relative one
  EXPECT_EQ(line.substr(line.size() - 19), L"\\clusterforge.json\"");
  std::wstring defaults = serviceCommandLine(L"C:\\cf\\clusterforge.exe", {});
  EXPECT_NE(defaults.find(L" run --backend clusapi --data-dir \""), std::wstring::npos);
  EXPECT_NE(defaults.find(L"\\ClusterForge\""), std::wstring::npos);
}

TEST(ServiceCommands, InstallsAndUninstallsTheService) {
  std::ofstream("clusterforge-install-test.json") << R"({"backend": "clusapi", "listen": "https://+:8443"})";
  std::ostringstream out, err;
  ASSERT_EQ(installCommand({"", "clusterforge-install-test.json"}, out, err), 0) << err.str();
  EXPECT_NE(out.str().find("installed the ClusterForge service"), std::string::npos) << out.str();
  std::wstring line = configuredCommandLine(kServiceName);
  EXPECT_NE(line.find(L" run --config \""), std::wstring::npos);
  EXPECT_NE(line.find(L"clusterforge-install-test.json\""), std::wstring::npos);

  std::ostringstream again;
  EXPECT_EQ(installCommand({"", ""}, out, again), 1);  // already there: the SCM's reason comes back
  EXPECT_NE(again.str().find("CreateService failed with Win32 error 1073"), std::string::npos) << again.str();

  ASSERT_EQ(uninstallCommand(out, err), 0) << err.str();
  EXPECT_EQ(configuredCommandLine(kServiceName), L"");
  std::ostringstream gone;
  EXPECT_EQ(uninstallCommand(out, gone), 1);
  EXPECT_NE(gone.str().find("OpenService failed"), std::string::npos) << gone.str();
  DeleteFileA("clusterforge-install-test.json");
}

TEST(ServiceCommands, WindowsTakesTheClusapiBackendAndTls) {
  auto parsed = parseCommandLine({"run", "--backend", "clusapi", "--listen", "https://+:8443"});
  EXPECT_EQ(parsed.options.backend, "clusapi");
  EXPECT_EQ(parsed.options.listenUrl, "https://+:8443");
  EXPECT_THROW(parseCommandLine({"run", "--backend", "vmware"}), std::invalid_argument);
}

TEST(ServiceCommands, WarningsGoToTheEventLogAndInformationDoesNot) {
  auto sink = makeEventLogSink();
  EXPECT_EQ(sink->level(), spdlog::level::warn);
  spdlog::logger logger("clusterforge", sink);
  EXPECT_NO_THROW(logger.warn("witness share \\\\EX-HUB1\\FSM_MBX is not writable"));
  EXPECT_NO_THROW(reportErrorToEventLog("ClusterForge cannot start: port 8080 is in use"));
}

TEST(ServiceCommands, TheAuditTrailGoesToTheEventLogEntryByEntry) {
  auto sink = makeEventLogSink(spdlog::level::info);
  EXPECT_EQ(sink->level(), spdlog::level::info);
  spdlog::logger audit("audit", sink);
  EXPECT_NO_THROW(audit.info("audit: token=portal role=operator client=10.0.0.7 PUT /v1/clusters/EXCLUSTER -> 202"));
}

}  // namespace
}  // namespace cf::service::win
