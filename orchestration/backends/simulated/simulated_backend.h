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
#include <mutex>
#include <string>

#include "orchestration/backends/simulated/lab.h"
#include "orchestration/cluster_backend.h"

namespace cf::sim {

class SimulatedBackend : public ClusterBackend {
 public:
  // `statePath` is where the lab's evolving state is kept; empty keeps it in memory.
  SimulatedBackend(Lab lab, std::string statePath, std::chrono::milliseconds changeLatency);

  // The state file if it exists, else the inventory file.
  static Lab loadLab(const std::string& inventoryPath, const std::string& statePath);

  std::string kind() const override { return "simulated"; }
  BackendReadiness readiness() const override;

  ServerFacts getServer(const std::string& name, const OperationContext& ctx) override;
  NodeClusterState getNodeClusterState(const std::string& node, const OperationContext& ctx) override;
  std::optional<ClusterState> findCluster(const std::string& name, const OperationContext& ctx) override;
  std::vector<std::string> listClusters(const OperationContext& ctx) override;
  void createCluster(const ClusterSpec& spec, const OperationContext& ctx) override;

  // How many changes of each operation were applied so far.
  int64_t changeCount(const std::string& operation) const;
  Lab snapshot() const;

 private:
  // All of these require mutex_ held.
  void consumeFault(const std::string& operation, const std::string& target);
  LabServer& reachableServer(const std::string& name);
  ServerFacts factsOf(const LabServer& server) const;
  void checkCreateCluster(const ClusterSpec& spec);
  void applyCreateCluster(const ClusterSpec& spec);
  void persist();

  // Sleeps through the operation's latency in phases, reporting progress.
  void simulateLatency(const OperationContext& ctx, const std::vector<std::string>& phases) const;

  mutable std::mutex mutex_;
  Lab lab_;
  std::string statePath_;
  std::chrono::milliseconds changeLatency_;
};

}  // namespace cf::sim
