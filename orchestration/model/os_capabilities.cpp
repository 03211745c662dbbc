#include "orchestration/model/os_capabilities.h"

#include "orchestration/model/features.h"

namespace cf {

size_t maxNodesFor(const OsInfo& os) { return osVersionAtLeast(os.version, 6, 2) ? 64 : 16; }

std::optional<std::string> managementPointProblem(ManagementPoint point, const OsInfo& os) {
  if (point == ManagementPoint::Dns && !osVersionAtLeast(os.version, 6, 3)) {
    return "an AD-detached cluster (DNS management point) needs Windows Server 2012 R2 or later; it runs " +
           os.caption;
  }
  return std::nullopt;
}

std::optional<std::string> cloudWitnessProblem(const OsInfo& os) {
  if (!osVersionAtLeast(os.version, 10, 0)) {
    return "the Cloud Witness resource type needs Windows Server 2016 or later on every node; it runs " + os.caption;
  }
  return std::nullopt;
}

std::string remoteAdministrationHint(const std::string& server) {
  return "check that " + server +
         " is on and reachable, and that its Windows Firewall allows the rule groups \"Windows Management "
         "Instrumentation (WMI)\" and \"Remote Administration\" (and \"Windows Remote Management\" from "
         "2008 R2)";
}

FeatureInstallRoute featureInstallRouteFor(const OsInfo& os) {
  return osVersionAtLeast(os.version, 6, 1) ? FeatureInstallRoute::WinRm : FeatureInstallRoute::ServerManagerCmdOverWmi;
}

std::string describe(FeatureInstallRoute route) {
  switch (route) {
    case FeatureInstallRoute::ServerManagerCmdOverWmi:
      return "ServerManagerCmd started through WMI over DCOM (this Windows version has no WinRM by default)";
    case FeatureInstallRoute::WinRm:
      break;
  }
  return "Server Manager over WinRM";
}

}  // namespace cf
