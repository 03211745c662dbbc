#include "orchestration/backends/simulated/simulated_backend.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "orchestration/backends/simulated/atomic_file.h"
#include "orchestration/model/computer_name.h"
#include "orchestration/model/features.h"
#include "orchestration/model/network_discovery.h"
#include "orchestration/model/os_capabilities.h"
#include "orchestration/model/win32_error.h"

namespace cf::sim {

namespace {

constexpr const char* kFailoverClustering = "Failover-Clustering";

}  // namespace

SimulatedBackend::SimulatedBackend(Lab lab, std::string statePath, std::chrono::milliseconds changeLatency, bool shared)
    : lab_(std::move(lab)),
      statePath_(std::move(statePath)),
      shared_(shared && !statePath_.empty()),
      changeLatency_(changeLatency) {
  std::unique_lock<std::mutex> inProcess(mutex_);
  if (!shared_) {
    persist();
    return;
  }
  // The first instance to start writes the lab; the others take it as it is.
  FileLock acrossProcesses(statePath_ + ".lock");
  if (std::filesystem::exists(statePath_)) lab_ = readLabFile(statePath_);
  else persist();
}

SimulatedBackend::LabLock SimulatedBackend::lockLab() const {
  LabLock lock{std::unique_lock<std::mutex>(mutex_), nullptr};
  if (shared_) {
    lock.acrossProcesses = std::make_unique<FileLock>(statePath_ + ".lock");
    lab_ = readLabFile(statePath_);
  }
  return lock;
}

Lab SimulatedBackend::loadLab(const std::string& inventoryPath, const std::string& statePath) {
  if (!statePath.empty() && std::filesystem::exists(statePath)) return readLabFile(statePath);
  return readLabFile(inventoryPath);
}

BackendReadiness SimulatedBackend::readiness() const {
  auto lock = lockLab();
  return {true, "simulated lab " + lab_.domain + " with " + std::to_string(lab_.servers.size()) + " servers"};
}

void SimulatedBackend::persist() {
  if (!statePath_.empty()) writeFileAtomically(statePath_, labToJson(lab_).dump(2));
}

void SimulatedBackend::consumeFault(const std::string& operation, const std::string& target) {
  for (auto& fault : lab_.faults) {
    if (fault.remaining == 0 || fault.operation != operation) continue;
    if (fault.target != "*" && !sameName(fault.target, target)) continue;
    if (fault.remaining > 0) --fault.remaining;
    persist();
    throw BackendFailure(fault.code, "injected fault on " + operation + " " + target);
  }
}

LabServer& SimulatedBackend::reachableServer(const std::string& name) {
  LabServer* server = lab_.findServer(name);
  if (!server) throw BackendFailure(win32::kBadNetPath, "the network path to " + name + " was not found");
  if (!server->reachable) {
    throw BackendFailure(win32::kRpcServerUnavailable,
                         "the RPC server on " + name + " is unavailable: " + remoteAdministrationHint(name));
  }
  return *server;
}

ServerFacts SimulatedBackend::factsOf(const LabServer& server) const {
  ServerFacts facts = server.facts;
  for (const auto& cluster : lab_.clusters) {
    for (const auto& node : cluster.nodes) {
      if (sameName(node.name, facts.name)) facts.clusterName = cluster.name;
    }
  }
  return facts;
}

ServerFacts SimulatedBackend::getServer(const std::string& name, const OperationContext& ctx) {
  return observe(ctx, "getServer", name, [&] { return factsOf(reachableServer(name)); });
}

NodeClusterState SimulatedBackend::getNodeClusterState(const std::string& node, const OperationContext& ctx) {
  return observe(ctx, "getNodeClusterState", node, [&] {
    ServerFacts facts = factsOf(reachableServer(node));
    if (!facts.hasFeature(kFailoverClustering)) return NodeClusterState::NotInstalled;
    return facts.clusterName ? NodeClusterState::Running : NodeClusterState::NotConfigured;
  });
}

std::optional<ClusterState> SimulatedBackend::findCluster(const std::string& name, const OperationContext& ctx) {
  return observe(ctx, "findCluster", name, [&]() -> std::optional<ClusterState> {
    const ClusterState* stored = lab_.findCluster(name);
    if (!stored) return std::nullopt;
    ClusterState live = *stored;
    refreshNetworks(live);
    return live;
  });
}

std::vector<std::string> SimulatedBackend::listClusters(const OperationContext& ctx) {
  return observe(ctx, "listClusters", "*", [&] {
    std::vector<std::string> names;
    for (const auto& c : lab_.clusters) names.push_back(c.name);
    return names;
  });
}

ClusterState& SimulatedBackend::existingCluster(const std::string& name) {
  ClusterState* cluster = lab_.findCluster(name);
  if (!cluster) throw BackendFailure(win32::kBadNetPath, "no cluster named " + name + " answers");
  refreshNetworks(*cluster);
  return *cluster;
}

void SimulatedBackend::refreshNetworks(ClusterState& cluster) {
  cluster.networks = discoverNetworks(nodeFacts(cluster), cluster.addresses, cluster.networks);
}

std::vector<ServerFacts> SimulatedBackend::nodeFacts(const ClusterState& cluster) {
  std::vector<ServerFacts> nodes;
  for (const auto& node : cluster.nodes) {
    if (const LabServer* server = lab_.findServer(node.name)) nodes.push_back(server->facts);
  }
  return nodes;
}

void SimulatedBackend::checkCreateCluster(const ClusterSpec& spec) {
  if (auto problem = computerNameProblem(spec.name)) {
    throw BackendFailure(win32::kInvalidComputerName, "cluster name '" + spec.name + "' " + *problem);
  }
  if (spec.nodes.empty()) throw BackendFailure(win32::kInvalidParameter, "a cluster needs at least one node");

  std::vector<const LabServer*> nodes;
  for (const auto& name : spec.nodes) {
    const LabServer& server = reachableServer(name);
    ServerFacts facts = factsOf(server);
    if (!sameName(facts.domain, lab_.domain)) {
      throw BackendFailure(win32::kNoSuchDomain, name + " is a member of '" + facts.domain + "', not of the domain " +
                                                     lab_.domain + " the cluster is created in");
    }
    if (!facts.hasFeature(kFailoverClustering)) {
      throw BackendFailure(win32::kClusterNodeNotReady, "the Failover-Clustering feature is not installed on " + name);
    }
    if (facts.clusterName) {
      throw BackendFailure(win32::kClusterNodeAlreadyMember,
                           name + " is already a node of cluster " + *facts.clusterName);
    }
    if (spec.nodes.size() > maxNodesFor(facts.os)) {
      throw BackendFailure(win32::kInvalidParameter,
                           facts.os.caption + " supports at most " + std::to_string(maxNodesFor(facts.os)) + " nodes");
    }
    if (auto problem = managementPointProblem(spec.managementPoint, facts.os)) {
      throw BackendFailure(win32::kNotSupported, name + ": " + *problem);
    }
    nodes.push_back(&server);
  }

  // A disabled computer object (prestaged, or left by a destroyed cluster
  // of this name) is taken back, as Windows does; a live one is a name in
  // use; a new one needs the right to create computer objects.
  std::string account = canonicalName(spec.name);
  if (lab_.findServer(account) || lab_.findCluster(account)) {
    throw BackendFailure(win32::kClusterCantCreateDupClusterName,
                         "a computer named " + account + " already exists in " + lab_.domain);
  }
  if (spec.managementPoint == ManagementPoint::ActiveDirectory && !lab_.hasDisabledComputerObject(account) &&
      !lab_.serviceAccountCreatesComputerObjects) {
    throw BackendFailure(win32::kAccessDenied, lab_.serviceAccount + " may not create the computer object " + account +
                                                   "$ in the container of the nodes' computer accounts");
  }

  for (const auto& wanted : spec.staticAddresses) {
    // Multi-site: each address lies on a network of at least one node (its
    // site's), and every node on that network sees it with the same prefix.
    Subnet subnet(wanted.address, wanted.prefixLength);
    bool onSomeNode = false;
    for (const LabServer* node : nodes) {
      for (const auto& a : node->facts.adapters) {
        if (!a.subnet().contains(wanted.address)) continue;
        onSomeNode = true;
        if (a.subnet() != subnet) {
          throw BackendFailure(win32::kInvalidParameter, "prefix /" + std::to_string(wanted.prefixLength) +
                                                             " does not match adapter " + a.name + " of " +
                                                             node->facts.name + " on that network");
        }
      }
    }
    if (!onSomeNode) {
      throw BackendFailure(
          win32::kClusterInvalidNetwork,
          "address " + wanted.address.toString() + " is not on a network of any node (" + joinNames(spec.nodes) + ")");
    }
    for (const auto& server : lab_.servers) {
      for (const auto& adapter : server.facts.adapters) {
        if (adapter.address == wanted.address) {
          throw BackendFailure(win32::kClusterIpAddrInUse,
                               "address " + wanted.address.toString() + " is already used by " + server.facts.name);
        }
      }
    }
    for (const auto& cluster : lab_.clusters) {
      for (const auto& used : cluster.addresses) {
        if (used.address == wanted.address) {
          throw BackendFailure(win32::kClusterIpAddrInUse,
                               "address " + wanted.address.toString() + " is already used by cluster " + cluster.name);
        }
      }
    }
  }
}

void SimulatedBackend::applyCreateCluster(const ClusterSpec& spec) {
  ClusterState cluster;
  cluster.name = canonicalName(spec.name);
  cluster.domain = lab_.domain;
  cluster.managementPoint = spec.managementPoint;
  cluster.addresses = spec.staticAddresses;
  cluster.nameDependency = nameDependencyOf(spec.staticAddresses);
  for (const auto& node : spec.nodes) cluster.nodes.push_back({canonicalName(node), NodeState::Up});
  cluster.heartbeat = defaultHeartbeat(oldestOsVersion(nodeFacts(cluster)));
  refreshNetworks(cluster);
  // Disks every node sees become cluster disks.
  std::vector<std::string> disks = lab_.findServer(spec.nodes.front())->facts.sharedDisks;
  for (const auto& disk : disks) {
    bool everywhere = std::all_of(spec.nodes.begin(), spec.nodes.end(), [&](const std::string& node) {
      const auto& seen = lab_.findServer(node)->facts.sharedDisks;
      return std::find(seen.begin(), seen.end(), disk) != seen.end();
    });
    if (everywhere) cluster.disks.push_back({"Cluster Disk " + std::to_string(cluster.disks.size() + 1), true});
  }
  if (spec.managementPoint == ManagementPoint::ActiveDirectory) {
    cluster.computerAccount = lab_.netbiosDomain + "\\" + cluster.name + "$";
  }
  cluster.quorum.mode = QuorumMode::NodeMajority;
  auto& disabled = lab_.disabledComputerObjects;
  disabled.erase(std::remove(disabled.begin(), disabled.end(), cluster.name), disabled.end());
  lab_.clusters.push_back(cluster);
}

void SimulatedBackend::simulateLatency(const OperationContext& ctx, const std::vector<std::string>& phases) const {
  auto slice = changeLatency_ / static_cast<int>(phases.size());
  for (size_t i = 0; i < phases.size(); ++i) {
    ctx.progress(static_cast<int>(i * 100 / phases.size()), phases[i]);
    ctx.sleepFor(slice);
  }
}

void SimulatedBackend::createCluster(const ClusterSpec& spec, const OperationContext& ctx) {
  change(
      ctx, "createCluster", spec.name,
      {"validating the nodes", "creating the cluster name object " + spec.name + "$",
       "forming the cluster on the first node", "joining the remaining nodes"},
      [&] { checkCreateCluster(spec); }, [&] { applyCreateCluster(spec); });
  bool noDisk = false;
  {
    auto lock = lockLab();
    const ClusterState* created = lab_.findCluster(spec.name);
    noDisk = created && created->disks.empty();
  }
  // The warning Windows' Create Cluster report gives a cluster without shared storage.
  if (noDisk) {
    ctx.warn("no disk that every node sees was found for a disk witness, so " + spec.name +
             " has no witness yet; configure one (with two nodes, a file share witness)");
  }
}

int64_t SimulatedBackend::changeCount(const std::string& operation) const {
  auto lock = lockLab();
  auto it = lab_.changeCounters.find(operation);
  return it == lab_.changeCounters.end() ? 0 : it->second;
}

Lab SimulatedBackend::snapshot() const {
  auto lock = lockLab();
  return lab_;
}

}  // namespace cf::sim
