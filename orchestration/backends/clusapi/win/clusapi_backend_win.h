// The ClusterBackend of production, on a Windows management server: ClusAPI
// for clusters (clusapi.dll loaded at run time), the file server functions
// for the witness share, and ClusterForge's PowerShell scripts for what
// neither has (server facts, features, restarts, pings, the domain's
// clusters); features and restarts on nodes without WinRM (2008 RTM/SP1) go
// through WMI instead, the route chosen from the Windows version WMI
// reports. Each operation is one of the pieces beside this file; this class
// only composes them behind the port.
//
// On a host without the Failover Clustering tools, readiness() says what to
// install and every operation fails with ERROR_MOD_NOT_FOUND and the same
// words. Safe to call from several threads: every call opens its own handles.
//
// Two choices the port leaves to it:
// - findCluster answers "no such cluster" only when OpenCluster fails and the
//   name does not resolve in DNS either; a cluster that exists but does not
//   answer is a transient RPC error, never "absent" (which would lead a create
//   job to try to make it again).
// - setFolderAcl adds or raises the entries it is given and removes none, so
//   an entry the model cannot express (a deny, a special permission) survives.
#pragma once

#include "orchestration/backends/clusapi/win/clusapi_library_win.h"
#include "orchestration/backends/clusapi/win/file_server_win.h"
#include "orchestration/backends/clusapi/win/server_manager_wmi_win.h"
#include "orchestration/backends/clusapi/win/server_scripts_win.h"
#include "orchestration/model/cluster_backend.h"

namespace cf::clusapi {

class ClusapiBackend : public ClusterBackend {
 public:
  ClusapiBackend(ClusapiLibrary library, FileServerFunctions fileServer, PowerShell shell,
                 ServerManagerOverWmi serverManagerOverWmi = ServerManagerOverWmi());

  std::string kind() const override { return "clusapi"; }
  BackendReadiness readiness() const override;

  ServerFacts getServer(const std::string& name, const OperationContext& ctx) override;
  NodeClusterState getNodeClusterState(const std::string& node, const OperationContext& ctx) override;
  std::optional<ClusterState> findCluster(const std::string& name, const OperationContext& ctx) override;
  std::vector<std::string> listClusters(const OperationContext& ctx) override;
  void createCluster(const ClusterSpec& spec, const OperationContext& ctx) override;
  void addClusterNode(const std::string& cluster, const std::string& node, const OperationContext& ctx) override;
  void evictClusterNode(const std::string& cluster, const std::string& node, const OperationContext& ctx) override;
  void destroyCluster(const std::string& cluster, const OperationContext& ctx) override;
  void setClusterProperties(const std::string& cluster, const HeartbeatSettings& settings,
                            const OperationContext& ctx) override;
  std::optional<ComputerObject> getComputerObject(const std::string& name, const OperationContext& ctx) override;
  bool mayCreateComputerObjects(const std::string& node, const OperationContext& ctx) override;
  void deleteComputerObject(const std::string& name, const OperationContext& ctx) override;

  void renameClusterNetwork(const std::string& cluster, const std::string& network, const std::string& newName,
                            const OperationContext& ctx) override;
  void setClusterNetworkRole(const std::string& cluster, const std::string& network, NetworkRole role,
                             const OperationContext& ctx) override;
  void setClusterNetworkMetric(const std::string& cluster, const std::string& network, uint32_t metric,
                               const OperationContext& ctx) override;

  std::optional<FolderState> getFolder(const std::string& server, const std::string& path,
                                       const OperationContext& ctx) override;
  void createFolder(const std::string& server, const std::string& path, const OperationContext& ctx) override;
  void setFolderAcl(const std::string& server, const std::string& path, const std::vector<AccessEntry>& acl,
                    const OperationContext& ctx) override;
  std::optional<ShareState> getShare(const std::string& server, const std::string& share,
                                     const OperationContext& ctx) override;
  void createShare(const std::string& server, const ShareState& share, const OperationContext& ctx) override;
  void setSharePermissions(const std::string& server, const std::string& share,
                           const std::vector<AccessEntry>& permissions, const OperationContext& ctx) override;
  void deleteShare(const std::string& server, const std::string& share, const OperationContext& ctx) override;
  void deleteFolder(const std::string& server, const std::string& path, const OperationContext& ctx) override;
  bool canWrite(const std::string& account, const std::string& server, const std::string& share,
                const OperationContext& ctx) override;

  bool canReach(const std::string& from, Ipv4Address address, const OperationContext& ctx) override;
  bool installFeatures(const std::string& server, const std::vector<std::string>& features,
                       const std::string& source, const OperationContext& ctx) override;
  void restartServer(const std::string& server, const OperationContext& ctx) override;

  void setQuorum(const std::string& cluster, const QuorumSettings& settings, const OperationContext& ctx) override;

 private:
  // The ClusAPI functions; throws ERROR_MOD_NOT_FOUND when clusapi.dll is missing.
  const ClusapiFunctions& api() const;
  // Whether `server` is reached through WMI alone (featureInstallRouteFor),
  // from the version WMI reports for it.
  bool reachedOverWmi(const std::string& server, const OperationContext& ctx) const;

  ClusapiLibrary library_;
  FileServer files_;
  ServerScripts scripts_;
  ServerManagerOverWmi serverManagerOverWmi_;
};

}  // namespace cf::clusapi
