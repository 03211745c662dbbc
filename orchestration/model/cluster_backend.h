// The port behind which the real world lives: every job step talks to a
// ClusterBackend and to nothing else outside the process.
//
// Contract for implementations:
// - Every call takes an OperationContext and calls checkpoint() before any
//   change, so a canceled or shut-down job never starts a change it cannot
//   finish; a change once begun is applied whole or not at all.
// - Failures throw BackendFailure with the Win32 code the real call returns;
//   transient ones are marked so the job runner can retry them.
// - Reads never change anything. Changes do not check "is this needed?" (that
//   is the step's job), but they do enforce every rule Windows enforces.
// - Implementations are safe to call from several threads at once.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "orchestration/model/cluster_model.h"
#include "orchestration/model/operation_context.h"

namespace cf {

struct BackendReadiness {
  bool ready = false;
  std::string detail;
};

class ClusterBackend {
 public:
  virtual ~ClusterBackend() = default;

  // "simulated" or "clusapi".
  virtual std::string kind() const = 0;
  // Whether the backend can do work at all (the ClusAPI DLL loaded, the lab read).
  virtual BackendReadiness readiness() const = 0;
  // Whether getServer answers from facts already at hand (a simulated lab),
  // so a request can be checked against them before it is accepted; on
  // Windows asking means reaching every server, which the job's steps do.
  virtual bool serverFactsAtHand() const { return false; }

  // Facts about one server; throws for a server that does not exist
  // (ERROR_BAD_NETPATH) or cannot be reached (RPC_S_SERVER_UNAVAILABLE).
  virtual ServerFacts getServer(const std::string& name, const OperationContext& ctx) = 0;
  virtual NodeClusterState getNodeClusterState(const std::string& node, const OperationContext& ctx) = 0;

  // The observed cluster, or nullopt when no cluster has that name.
  virtual std::optional<ClusterState> findCluster(const std::string& name, const OperationContext& ctx) = 0;
  virtual std::vector<std::string> listClusters(const OperationContext& ctx) = 0;

  // CreateCluster with every node of the spec and its static addresses.
  virtual void createCluster(const ClusterSpec& spec, const OperationContext& ctx) = 0;
  // AddClusterNode: joins a server that runs Failover Clustering and belongs
  // to no cluster; the cluster picks up its networks.
  virtual void addClusterNode(const std::string& cluster, const std::string& node, const OperationContext& ctx) = 0;
  // EvictClusterNodeEx: removes the node and cleans it up so it can join
  // another cluster. Refused when it would lose quorum or is the last node.
  virtual void evictClusterNode(const std::string& cluster, const std::string& node, const OperationContext& ctx) = 0;
  // Takes every group offline, then DestroyCluster: the nodes are left clean
  // and the cluster's computer object (if any) stays in the domain, disabled.
  virtual void destroyCluster(const std::string& cluster, const OperationContext& ctx) = 0;
  // Cluster common properties: the heartbeat settings given, by API name.
  virtual void setClusterProperties(const std::string& cluster, const HeartbeatSettings& settings,
                                    const OperationContext& ctx) = 0;

  // The domain's computer object named `name` (without the $), or nullopt.
  virtual std::optional<ComputerObject> getComputerObject(const std::string& name, const OperationContext& ctx) = 0;
  // Deletes a computer object that no live cluster or server uses.
  virtual void deleteComputerObject(const std::string& name, const OperationContext& ctx) = 0;
  // Whether the service's account may create computer objects in the
  // container of `node`'s computer account, where CreateCluster makes the
  // cluster name object (without it, only a prestaged disabled one is taken).
  virtual bool mayCreateComputerObjects(const std::string& node, const OperationContext& ctx) = 0;

  // Cluster networks: SetClusterNetworkName, and the Role and Metric common
  // properties through ClusterNetworkControl. `network` is the current name.
  virtual void renameClusterNetwork(const std::string& cluster, const std::string& network, const std::string& newName,
                                    const OperationContext& ctx) = 0;
  virtual void setClusterNetworkRole(const std::string& cluster, const std::string& network, NetworkRole role,
                                     const OperationContext& ctx) = 0;
  virtual void setClusterNetworkMetric(const std::string& cluster, const std::string& network, uint32_t metric,
                                       const OperationContext& ctx) = 0;

  // Folders and shares on a file server, as an administrator of it would
  // handle them (the admin share, NetShareAdd, the ACL functions). Paths are
  // server-local ("C:\\FSM_MBX"). The get calls return nullopt when absent.
  virtual std::optional<FolderState> getFolder(const std::string& server, const std::string& path,
                                               const OperationContext& ctx) = 0;
  virtual void createFolder(const std::string& server, const std::string& path, const OperationContext& ctx) = 0;
  // Makes the folder's NTFS permissions grant every entry of `acl` (callers
  // pass the entries to keep as well). An entry not listed may survive: the
  // ClusAPI backend never removes one, since a real folder holds entries the
  // model cannot express (deny, special permissions).
  virtual void setFolderAcl(const std::string& server, const std::string& path, const std::vector<AccessEntry>& acl,
                            const OperationContext& ctx) = 0;
  virtual std::optional<ShareState> getShare(const std::string& server, const std::string& share,
                                             const OperationContext& ctx) = 0;
  virtual void createShare(const std::string& server, const ShareState& share, const OperationContext& ctx) = 0;
  virtual void setSharePermissions(const std::string& server, const std::string& share,
                                   const std::vector<AccessEntry>& permissions, const OperationContext& ctx) = 0;
  // NetShareDel; the folder stays.
  virtual void deleteShare(const std::string& server, const std::string& share, const OperationContext& ctx) = 0;
  // Deletes the folder and everything in it.
  virtual void deleteFolder(const std::string& server, const std::string& path, const OperationContext& ctx) = 0;
  // Whether `account` can write through \\server\share: share and NTFS permissions together.
  virtual bool canWrite(const std::string& account, const std::string& server, const std::string& share,
                        const OperationContext& ctx) = 0;

  // Whether `from` reaches `address` (ICMP and the cluster's UDP 3343), as
  // validation's network communication test probes it.
  virtual bool canReach(const std::string& from, Ipv4Address address, const OperationContext& ctx) = 0;

  // Install-WindowsFeature / ServerManagerCmd -install for features not yet
  // installed; returns whether the server now needs a restart. `source` is
  // installation media (-Source) for features whose payload is off disk; "" for none.
  virtual bool installFeatures(const std::string& server, const std::vector<std::string>& features,
                               const std::string& source, const OperationContext& ctx) = 0;
  // Restarts the server and returns when it answers again.
  virtual void restartServer(const std::string& server, const OperationContext& ctx) = 0;

  // SetClusterQuorumResource with the witness resource the mode needs.
  virtual void setQuorum(const std::string& cluster, const QuorumSettings& settings, const OperationContext& ctx) = 0;
};

}  // namespace cf
