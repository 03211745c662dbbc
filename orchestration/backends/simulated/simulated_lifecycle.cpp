// SimulatedBackend: a cluster's life after creation: nodes joining and
// leaving, its heartbeat settings, and its end (destroying it, and the
// computer object it leaves behind in the domain).
#include <algorithm>

#include "orchestration/backends/simulated/simulated_backend.h"
#include "orchestration/model/os_capabilities.h"
#include "orchestration/model/computer_name.h"
#include "orchestration/model/features.h"
#include "orchestration/model/win32_error.h"

namespace cf::sim {

void SimulatedBackend::addClusterNode(const std::string& cluster, const std::string& node,
                                      const OperationContext& ctx) {
  auto check = [&] {
    ClusterState& c = existingCluster(cluster);
    const LabServer& server = reachableServer(node);
    ServerFacts facts = factsOf(server);
    if (!sameName(facts.domain, lab_.domain)) {
      throw BackendFailure(win32::kNoSuchDomain,
                           node + " is a member of '" + facts.domain + "', not of " + lab_.domain);
    }
    if (!facts.hasFeature("Failover-Clustering")) {
      throw BackendFailure(win32::kClusterNodeNotReady, "the Failover-Clustering feature is not installed on " + node);
    }
    if (facts.clusterName) {
      throw BackendFailure(win32::kClusterNodeAlreadyMember,
                           node + " is already a node of cluster " + *facts.clusterName);
    }
    if (c.nodes.size() + 1 > maxNodesFor(facts.os)) {
      throw BackendFailure(win32::kInvalidParameter,
                           facts.os.caption + " supports at most " + std::to_string(maxNodesFor(facts.os)) + " nodes");
    }
    // The joining node talks to the cluster over a network it already has.
    bool sharesNetwork = std::any_of(facts.adapters.begin(), facts.adapters.end(), [&](const NetworkAdapter& a) {
      return std::any_of(c.networks.begin(), c.networks.end(),
                         [&](const ClusterNetwork& n) { return n.subnet == a.subnet(); });
    });
    if (!sharesNetwork) {
      throw BackendFailure(win32::kClusterNodeUnreachable,
                           node + " has no adapter on any network of cluster " + c.name + ", so it cannot join");
    }
  };
  change(ctx, "addClusterNode", cluster, {"validating " + node, "joining " + node + " to " + cluster}, check, [&] {
    ClusterState& c = existingCluster(cluster);
    c.nodes.push_back({canonicalName(node), NodeState::Up});
    refreshNetworks(c);
  });
}

void SimulatedBackend::evictClusterNode(const std::string& cluster, const std::string& node,
                                        const OperationContext& ctx) {
  auto check = [&] {
    ClusterState& c = existingCluster(cluster);
    if (!c.hasNode(node)) {
      throw BackendFailure(win32::kClusterNodeNotMember, node + " is not a node of cluster " + c.name);
    }
    if (auto problem = evictionProblem(c, node)) throw BackendFailure(win32::kInvalidState, *problem);
  };
  change(ctx, "evictClusterNode", cluster, {"evicting " + node, "cleaning up " + node}, check, [&] {
    ClusterState& c = existingCluster(cluster);
    c.nodes.erase(std::remove_if(c.nodes.begin(), c.nodes.end(),
                                 [&](const ClusterNodeState& n) { return sameName(n.name, node); }),
                  c.nodes.end());
    refreshNetworks(c);
  });
}

void SimulatedBackend::destroyCluster(const std::string& cluster, const OperationContext& ctx) {
  change(
      ctx, "destroyCluster", cluster,
      {"taking the groups of " + cluster + " offline", "destroying " + cluster, "cleaning up the nodes"},
      [&] { existingCluster(cluster); },
      [&] {
        ClusterState& c = existingCluster(cluster);
        if (!c.computerAccount.empty()) lab_.disabledComputerObjects.push_back(c.name);
        lab_.clusters.erase(std::remove_if(lab_.clusters.begin(), lab_.clusters.end(),
                                           [&](const ClusterState& s) { return sameName(s.name, cluster); }),
                            lab_.clusters.end());
      });
}

void SimulatedBackend::setClusterProperties(const std::string& cluster, const HeartbeatSettings& settings,
                                            const OperationContext& ctx) {
  auto check = [&] {
    ClusterState& c = existingCluster(cluster);
    std::string os = oldestOsVersion(nodeFacts(c));
    for (const auto& [name, value] : settings) {
      const HeartbeatProperty* property = findHeartbeatProperty(name);
      if (!property) throw BackendFailure(win32::kInvalidParameter, "cluster " + c.name + " has no property " + name);
      if (auto problem = heartbeatProblem(*property, value, os)) {
        throw BackendFailure(win32::kInvalidParameter, *problem);
      }
    }
  };
  change(ctx, "setClusterProperties", cluster, {"setting the heartbeat properties of " + cluster}, check, [&] {
    ClusterState& c = existingCluster(cluster);
    for (const auto& [name, value] : settings) c.heartbeat[name] = value;
  });
}

std::optional<ComputerObject> SimulatedBackend::getComputerObject(const std::string& name,
                                                                  const OperationContext& ctx) {
  return observe(ctx, "getComputerObject", name, [&]() -> std::optional<ComputerObject> {
    std::string canonical = canonicalName(name);
    if (lab_.findServer(canonical)) return ComputerObject{canonical, true};
    if (const ClusterState* c = lab_.findCluster(canonical)) {
      if (!c->computerAccount.empty()) return ComputerObject{canonical, true};
    }
    if (lab_.hasDisabledComputerObject(canonical)) return ComputerObject{canonical, false};
    return std::nullopt;
  });
}

bool SimulatedBackend::mayCreateComputerObjects(const std::string& node, const OperationContext& ctx) {
  return observe(ctx, "mayCreateComputerObjects", node, [&] {
    if (!lab_.findServer(node)) {
      throw BackendFailure(win32::kNoSuchUser, "the domain has no computer account named " + canonicalName(node));
    }
    return lab_.serviceAccountCreatesComputerObjects;
  });
}

void SimulatedBackend::deleteComputerObject(const std::string& name, const OperationContext& ctx) {
  auto check = [&] {
    if (lab_.findServer(name) || lab_.findCluster(name)) {
      throw BackendFailure(win32::kAccessDenied, "the computer object " + canonicalName(name) +
                                                     " belongs to a live server or cluster; it is not deleted");
    }
    if (!lab_.hasDisabledComputerObject(name)) throw BackendFailure(win32::kNoSuchUser, "no computer object named " + name + " in " + lab_.domain);
  };
  change(ctx, "deleteComputerObject", name, {"deleting the computer object " + name + "$"}, check, [&] {
    auto& objects = lab_.disabledComputerObjects;
    objects.erase(
        std::remove_if(objects.begin(), objects.end(), [&](const std::string& d) { return sameName(d, name); }),
        objects.end());
  });
}

}  // namespace cf::sim
