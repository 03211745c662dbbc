// A ClusterBackend over a simulated Windows domain lab (see lab.h).
//
// It is a strict model, not a yes-machine: each operation enforces the rules
// Windows enforces and fails with the Win32 code the real call returns.
// Changes take the configured latency (in phases that report progress and
// honour cancel and shutdown), then are applied whole and persisted atomically
// before the call returns, so a crash mid-operation leaves no half-made
// cluster and a restarted service sees every change made before it.
//
// Faults listed in the lab fail matching calls before they do anything; each
// firing is persisted, so a "fail once" fault fires once across restarts.
// changeCounters counts every change applied, by operation.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "orchestration/backends/simulated/file_lock.h"
#include "orchestration/backends/simulated/lab.h"
#include "orchestration/model/cluster_backend.h"

namespace cf::sim {

class SimulatedBackend : public ClusterBackend {
 public:
  // `statePath` is where the lab's evolving state is kept; empty keeps it in
  // memory. A `shared` state file is one that other processes (instances of
  // the service on one database) change too: every operation then holds a
  // lock on STATEPATH.lock and reads the file again first, so no process
  // acts on a lab another one has since changed.
  SimulatedBackend(Lab lab, std::string statePath, std::chrono::milliseconds changeLatency, bool shared = false);

  // The state file if it exists, else the inventory file.
  static Lab loadLab(const std::string& inventoryPath, const std::string& statePath);

  std::string kind() const override { return "simulated"; }
  BackendReadiness readiness() const override;
  bool serverFactsAtHand() const override { return true; }

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

  void setQuorum(const std::string& cluster, const QuorumSettings& settings, const OperationContext& ctx) override;

  bool canReach(const std::string& from, Ipv4Address address, const OperationContext& ctx) override;
  bool installFeatures(const std::string& server, const std::vector<std::string>& features, const std::string& source,
                       const OperationContext& ctx) override;
  void restartServer(const std::string& server, const OperationContext& ctx) override;

  // How many changes of each operation were applied so far.
  int64_t changeCount(const std::string& operation) const;
  Lab snapshot() const;

 private:
  // A read: the fault check, then `read` under the lock.
  template <typename Read>
  auto observe(const OperationContext& ctx, const std::string& operation, const std::string& target, Read read) {
    ctx.checkpoint();
    auto lock = lockLab();
    consumeFault(operation, target);
    return read();
  }

  // A change, the way every simulated change happens: the fault check and
  // `check` (throws what Windows would) under the lock; the latency outside it,
  // in `phases` that report progress and honour cancel and shutdown; then,
  // under the lock again, `check` once more (the lab may have changed), `apply`,
  // the change counter, and the atomic save.
  template <typename Check, typename Apply>
  void change(const OperationContext& ctx, const std::string& operation, const std::string& target,
              const std::vector<std::string>& phases, Check check, Apply apply) {
    ctx.checkpoint();
    {
      auto lock = lockLab();
      consumeFault(operation, target);
      check();
    }
    simulateLatency(ctx, phases);
    auto lock = lockLab();
    ctx.checkpoint();
    check();
    apply();
    ++lab_.changeCounters[operation];
    persist();
  }

  // mutex_, and for a shared lab the file lock and the lab as the file has it.
  struct LabLock {
    std::unique_lock<std::mutex> inProcess;
    std::unique_ptr<FileLock> acrossProcesses;
  };
  LabLock lockLab() const;

  // All of these require the lab locked.
  void consumeFault(const std::string& operation, const std::string& target);
  LabServer& reachableServer(const std::string& name);
  ServerFacts factsOf(const LabServer& server) const;
  // The cluster as stored, its networks brought up to date with the nodes' adapters.
  ClusterState& existingCluster(const std::string& name);
  // Networks are read live, as the cluster service discovers them: an
  // adapter added to a node after creation shows up.
  void refreshNetworks(ClusterState& cluster);
  // The facts of the cluster's nodes, as the lab has them.
  std::vector<ServerFacts> nodeFacts(const ClusterState& cluster);
  ClusterNetwork& existingNetwork(ClusterState& cluster, const std::string& name);
  // The server as its administrator sees it; ERROR_ACCESS_DENIED for anyone else.
  LabServer& administeredServer(const std::string& name);
  // The server, for a folder operation on `path`, which goes through its
  // administrative share: ERROR_BAD_NET_NAME when those are off.
  LabServer& serverReachedThroughAdminShare(const std::string& name, const std::string& path);
  // ERROR_NONE_MAPPED for an account the domain does not know.
  void requireKnownAccounts(const std::vector<AccessEntry>& entries);
  void checkCreateCluster(const ClusterSpec& spec);
  void applyCreateCluster(const ClusterSpec& spec);
  void checkQuorum(const ClusterState& cluster, const QuorumSettings& settings);
  void persist();

  // Sleeps through the operation's latency in phases, reporting progress.
  void simulateLatency(const OperationContext& ctx, const std::vector<std::string>& phases) const;

  mutable std::mutex mutex_;
  mutable Lab lab_;  // read again under lockLab() when shared
  std::string statePath_;
  bool shared_;
  std::chrono::milliseconds changeLatency_;
};

}  // namespace cf::sim
