// SimulatedBackend: cluster networks (rename, role, metric) with the rules
// the cluster service enforces on them.
#include "orchestration/backends/simulated/simulated_backend.h"
#include "orchestration/model/cluster_json.h"
#include "orchestration/model/win32_error.h"

namespace cf::sim {

ClusterNetwork& SimulatedBackend::existingNetwork(ClusterState& cluster, const std::string& name) {
  for (auto& network : cluster.networks) {
    if (network.name == name) return network;
  }
  throw BackendFailure(win32::kClusterNetworkNotFound,
                       "cluster " + cluster.name + " has no network named '" + name + "'");
}

void SimulatedBackend::renameClusterNetwork(const std::string& cluster, const std::string& network,
                                            const std::string& newName, const OperationContext& ctx) {
  auto check = [&] {
    ClusterState& c = existingCluster(cluster);
    existingNetwork(c, network);
    if (newName.empty()) throw BackendFailure(win32::kInvalidParameter, "a network name cannot be empty");
    for (const auto& other : c.networks) {
      if (other.name == newName && other.name != network) {
        throw BackendFailure(win32::kObjectAlreadyExists,
                             "cluster " + cluster + " already has a network named '" + newName + "'");
      }
    }
  };
  change(ctx, "renameClusterNetwork", cluster, {"renaming '" + network + "' to '" + newName + "'"}, check,
         [&] { existingNetwork(existingCluster(cluster), network).name = newName; });
}

void SimulatedBackend::setClusterNetworkRole(const std::string& cluster, const std::string& network, NetworkRole role,
                                             const OperationContext& ctx) {
  auto check = [&] {
    ClusterState& c = existingCluster(cluster);
    ClusterNetwork& target = existingNetwork(c, network);
    if (role != NetworkRole::ClusterAndClient && c.carriesClusterAddress(target.subnet)) {
      throw BackendFailure(win32::kClusterNetworkHasDependents,
                           "network '" + network +
                               "' carries a cluster IP address resource, so clients must "
                               "keep access to it (role clusterAndClient)");
    }
    if (role == NetworkRole::None) {
      bool anotherInternal = false;
      for (const auto& other : c.networks) {
        anotherInternal = anotherInternal || (other.name != network && other.role != NetworkRole::None);
      }
      if (!anotherInternal) {
        throw BackendFailure(win32::kClusterLastInternalNetwork,
                             "network '" + network + "' is the only one the cluster can use for its own traffic");
      }
    }
  };
  change(ctx, "setClusterNetworkRole", cluster, {"setting the role of '" + network + "' to " + toString(role)}, check,
         [&] { existingNetwork(existingCluster(cluster), network).role = role; });
}

void SimulatedBackend::setClusterNetworkMetric(const std::string& cluster, const std::string& network, uint32_t metric,
                                               const OperationContext& ctx) {
  auto check = [&] {
    existingNetwork(existingCluster(cluster), network);
    if (metric < kMinNetworkMetric || metric > kMaxNetworkMetric) {
      throw BackendFailure(win32::kInvalidParameter, "a network metric must be from 1 to 268435455");
    }
  };
  change(ctx, "setClusterNetworkMetric", cluster, {"setting the metric of '" + network + "'"}, check, [&] {
    ClusterNetwork& target = existingNetwork(existingCluster(cluster), network);
    target.metric = metric;
    target.autoMetric = false;  // setting Metric clears AutoMetric, as on Windows
  });
}

}  // namespace cf::sim
