// What a version of Windows Server can be asked of as a cluster node, beyond
// its features (features.h): how many nodes a cluster of it may have, and
// the management point and witness kinds it knows. One set of rules for the
// simulated lab, which enforces them as Windows does, and for checking a
// request before it is accepted.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "orchestration/model/cluster_model.h"

namespace cf {

// 16 nodes before Windows Server 2012, 64 from it.
size_t maxNodesFor(const OsInfo& os);
// Why `os` cannot be a node of a cluster with this management point
// (AD-detached, DNS only, needs 2012 R2), or nullopt.
std::optional<std::string> managementPointProblem(ManagementPoint point, const OsInfo& os);
// Why `os` cannot be a node of a cluster with a cloud witness (2016 on), or nullopt.
std::optional<std::string> cloudWitnessProblem(const OsInfo& os);

// What to check on `server` when it does not answer remote administration
// (RPC_S_SERVER_UNAVAILABLE): that it is on, and the Windows Firewall rule
// groups ClusterForge's calls need, by name as the firewall lists them.
std::string remoteAdministrationHint(const std::string& server);

// How roles and features reach a node of `os` from the management server.
// Windows Server 2008 RTM/SP1 has neither WinRM nor PowerShell out of the
// box, so Server Manager there is started through WMI over DCOM, one
// ServerManagerCmd per feature; 2008 R2 and later are reached over WinRM.
enum class FeatureInstallRoute { ServerManagerCmdOverWmi, WinRm };
FeatureInstallRoute featureInstallRouteFor(const OsInfo& os);
// The route in words, for the job's events.
std::string describe(FeatureInstallRoute route);

}  // namespace cf
