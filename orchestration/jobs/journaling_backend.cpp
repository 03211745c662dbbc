#include "orchestration/jobs/journaling_backend.h"

#include <algorithm>

#include "orchestration/model/cluster_json.h"
#include "orchestration/model/computer_name.h"
#include "orchestration/model/features.h"
#include "orchestration/model/network_discovery.h"
#include "orchestration/model/win32_error.h"

namespace cf {

namespace {

using nlohmann::json;

std::string key(const std::string& server, const std::string& item) { return canonicalName(server) + "\\" + item; }

std::string unc(const std::string& server, const std::string& share) { return "\\\\" + server + "\\" + share; }

json nodesJson(const ClusterState& c) { return c.nodeNames(); }

// "CONTOSO" from "contoso.local": what a cluster name object is called before
// the cluster exists to say so.
std::string netbiosDomainOf(const std::string& dnsDomain) {
  return canonicalName(dnsDomain.substr(0, dnsDomain.find('.')));
}

json shareJson(const ShareState& s) {
  return {{"name", s.name}, {"path", s.path}, {"permissions", toJson(s.permissions)}};
}

}  // namespace

json toJson(const JournalEntry& e) {
  return {{"step", e.step}, {"action", e.action}, {"target", e.target}, {"from", e.from}, {"to", e.to}};
}

void JournalingBackend::record(std::string action, std::string target, json from, json to) {
  entries_.push_back({step_, std::move(action), std::move(target), std::move(from), std::move(to)});
}

std::optional<std::string> JournalingBackend::plannedMembership(const std::string& node) const {
  std::optional<std::string> out;
  for (const auto& [name, cluster] : clusters_) {
    if (cluster && cluster->hasNode(node)) return cluster->name;
    out = "";  // the plan touched a cluster; a node not in it is in none of those
  }
  return out;
}

ServerFacts JournalingBackend::getServer(const std::string& name, const OperationContext& ctx) {
  ServerFacts facts = real_.getServer(name, ctx);
  if (!planning()) return facts;
  for (const auto& feature : installed_[canonicalName(name)]) {
    if (!facts.hasFeature(feature)) facts.features.push_back(feature);
  }
  auto pending = restartPending_.find(canonicalName(name));
  if (pending != restartPending_.end()) facts.restartPending = pending->second;
  if (auto membership = plannedMembership(name)) {
    bool memberOfTouched = facts.clusterName && clusters_.count(canonicalName(*facts.clusterName));
    if (!membership->empty()) facts.clusterName = *membership;
    else if (memberOfTouched) facts.clusterName.reset();
  }
  return facts;
}

NodeClusterState JournalingBackend::getNodeClusterState(const std::string& node, const OperationContext& ctx) {
  NodeClusterState state = real_.getNodeClusterState(node, ctx);
  if (!planning()) return state;
  ServerFacts facts = getServer(node, ctx);
  if (!facts.hasFeature("Failover-Clustering")) return NodeClusterState::NotInstalled;
  if (facts.clusterName) return state == NodeClusterState::NotRunning ? state : NodeClusterState::Running;
  return NodeClusterState::NotConfigured;
}

std::optional<ClusterState> JournalingBackend::findCluster(const std::string& name, const OperationContext& ctx) {
  if (planning()) {
    auto it = clusters_.find(canonicalName(name));
    if (it != clusters_.end()) return it->second;
  }
  return real_.findCluster(name, ctx);
}

std::vector<std::string> JournalingBackend::listClusters(const OperationContext& ctx) {
  std::vector<std::string> names = real_.listClusters(ctx);
  if (!planning()) return names;
  for (const auto& [name, cluster] : clusters_) {
    auto it = std::find_if(names.begin(), names.end(), [&](const std::string& n) { return sameName(n, name); });
    if (cluster && it == names.end()) names.push_back(cluster->name);
    if (!cluster && it != names.end()) names.erase(it);
  }
  return names;
}

ClusterState JournalingBackend::plannedCluster(const std::string& name, const OperationContext& ctx) {
  auto cluster = findCluster(name, ctx);
  if (!cluster) throw BackendFailure(win32::kBadNetPath, "no cluster named " + name + " answers");
  return *cluster;
}

void JournalingBackend::changeCluster(const std::string& name, const std::string& action, const std::string& target,
                                      const std::function<std::pair<json, json>(ClusterState&)>& edit,
                                      const OperationContext& ctx) {
  ClusterState cluster = plannedCluster(name, ctx);
  auto [from, to] = edit(cluster);
  record(action, target, from, to);
  clusters_[canonicalName(name)] = cluster;
}

void JournalingBackend::rediscoverNetworks(ClusterState& cluster, const OperationContext& ctx) {
  std::vector<ServerFacts> facts;
  for (const auto& n : cluster.nodes) facts.push_back(getServer(n.name, ctx));
  cluster.networks = discoverNetworks(facts, cluster.addresses, cluster.networks);
}

void JournalingBackend::createCluster(const ClusterSpec& spec, const OperationContext& ctx) {
  json to = {
      {"nodes", spec.nodes}, {"staticAddresses", json::array()}, {"managementPoint", toString(spec.managementPoint)}};
  for (const auto& a : spec.staticAddresses) to["staticAddresses"].push_back(toJson(a));
  if (!planning()) {
    real_.createCluster(spec, ctx);
    return record("createCluster", spec.name, nullptr, to);
  }
  // The cluster it would make, as Windows would discover it.
  std::vector<ServerFacts> facts;
  for (const auto& node : spec.nodes) facts.push_back(getServer(node, ctx));
  ClusterState cluster;
  cluster.name = canonicalName(spec.name);
  cluster.domain = facts.empty() ? "" : facts.front().domain;
  cluster.managementPoint = spec.managementPoint;
  if (spec.managementPoint == ManagementPoint::ActiveDirectory) {
    cluster.computerAccount = netbiosDomainOf(cluster.domain) + "\\" + cluster.name + "$";
  }
  for (const auto& node : spec.nodes) cluster.nodes.push_back({canonicalName(node), NodeState::Up});
  cluster.addresses = spec.staticAddresses;
  cluster.nameDependency = nameDependencyOf(spec.staticAddresses);
  cluster.heartbeat = defaultHeartbeat(oldestOsVersion(facts));
  cluster.networks = discoverNetworks(facts, spec.staticAddresses, {});
  record("createCluster", cluster.name, nullptr, to);
  clusters_[cluster.name] = cluster;
}

void JournalingBackend::addClusterNode(const std::string& cluster, const std::string& node,
                                       const OperationContext& ctx) {
  if (!planning()) {
    real_.addClusterNode(cluster, node, ctx);
    return record("addClusterNode", cluster + "/" + node, nullptr, node);
  }
  changeCluster(
      cluster, "addClusterNode", cluster + "/" + node,
      [&](ClusterState& c) {
        c.nodes.push_back({canonicalName(node), NodeState::Up});
        rediscoverNetworks(c, ctx);
        return std::pair<json, json>(nullptr, canonicalName(node));
      },
      ctx);
}

void JournalingBackend::evictClusterNode(const std::string& cluster, const std::string& node,
                                         const OperationContext& ctx) {
  if (!planning()) {
    real_.evictClusterNode(cluster, node, ctx);
    return record("evictClusterNode", cluster + "/" + node, node, nullptr);
  }
  changeCluster(
      cluster, "evictClusterNode", cluster + "/" + node,
      [&](ClusterState& c) {
        c.nodes.erase(std::remove_if(c.nodes.begin(), c.nodes.end(),
                                     [&](const ClusterNodeState& n) { return sameName(n.name, node); }),
                      c.nodes.end());
        rediscoverNetworks(c, ctx);
        return std::pair<json, json>(canonicalName(node), nullptr);
      },
      ctx);
}

void JournalingBackend::destroyCluster(const std::string& cluster, const OperationContext& ctx) {
  if (!planning()) {
    real_.destroyCluster(cluster, ctx);
    return record("destroyCluster", cluster, nullptr, nullptr);
  }
  ClusterState c = plannedCluster(cluster, ctx);
  record("destroyCluster", c.name, {{"nodes", nodesJson(c)}}, nullptr);
  clusters_[c.name] = std::nullopt;
  if (!c.computerAccount.empty()) objects_[c.name] = ComputerObject{c.name, false};
}

void JournalingBackend::setClusterProperties(const std::string& cluster, const HeartbeatSettings& settings,
                                             const OperationContext& ctx) {
  if (!planning()) {
    real_.setClusterProperties(cluster, settings, ctx);
    return record("setClusterProperties", cluster, nullptr, settings);
  }
  changeCluster(
      cluster, "setClusterProperties", cluster,
      [&](ClusterState& c) {
        json from = json::object();
        for (const auto& [name, value] : settings) {
          auto it = c.heartbeat.find(name);
          from[name] = it == c.heartbeat.end() ? json() : json(it->second);
          c.heartbeat[name] = value;
        }
        return std::pair<json, json>(from, settings);
      },
      ctx);
}

std::optional<ComputerObject> JournalingBackend::getComputerObject(const std::string& name,
                                                                   const OperationContext& ctx) {
  if (planning()) {
    auto it = objects_.find(canonicalName(name));
    if (it != objects_.end()) return it->second;
    auto cluster = clusters_.find(canonicalName(name));
    if (cluster != clusters_.end() && cluster->second && !cluster->second->computerAccount.empty()) {
      return ComputerObject{cluster->second->name, true};
    }
  }
  return real_.getComputerObject(name, ctx);
}

void JournalingBackend::deleteComputerObject(const std::string& name, const OperationContext& ctx) {
  if (!planning()) real_.deleteComputerObject(name, ctx);
  else objects_[canonicalName(name)] = std::nullopt;
  record("deleteComputerObject", canonicalName(name), name, nullptr);
}

void JournalingBackend::renameClusterNetwork(const std::string& cluster, const std::string& network,
                                             const std::string& newName, const OperationContext& ctx) {
  if (!planning()) {
    real_.renameClusterNetwork(cluster, network, newName, ctx);
    return record("renameClusterNetwork", cluster + "/" + network, network, newName);
  }
  changeCluster(
      cluster, "renameClusterNetwork", cluster + "/" + network,
      [&](ClusterState& c) {
        for (auto& n : c.networks) {
          if (n.name == network) n.name = newName;
        }
        return std::pair<json, json>(network, newName);
      },
      ctx);
}

void JournalingBackend::setClusterNetworkRole(const std::string& cluster, const std::string& network, NetworkRole role,
                                              const OperationContext& ctx) {
  if (!planning()) {
    real_.setClusterNetworkRole(cluster, network, role, ctx);
    return record("setClusterNetworkRole", cluster + "/" + network, nullptr, toString(role));
  }
  changeCluster(
      cluster, "setClusterNetworkRole", cluster + "/" + network,
      [&](ClusterState& c) {
        json from;
        for (auto& n : c.networks) {
          if (n.name != network) continue;
          from = toString(n.role);
          n.role = role;
        }
        return std::pair<json, json>(from, toString(role));
      },
      ctx);
}

void JournalingBackend::setClusterNetworkMetric(const std::string& cluster, const std::string& network, uint32_t metric,
                                                const OperationContext& ctx) {
  if (!planning()) {
    real_.setClusterNetworkMetric(cluster, network, metric, ctx);
    return record("setClusterNetworkMetric", cluster + "/" + network, nullptr, metric);
  }
  changeCluster(
      cluster, "setClusterNetworkMetric", cluster + "/" + network,
      [&](ClusterState& c) {
        json from;
        for (auto& n : c.networks) {
          if (n.name != network) continue;
          from = n.metric;
          n.metric = metric;
          n.autoMetric = false;
        }
        return std::pair<json, json>(from, metric);
      },
      ctx);
}

std::optional<FolderState> JournalingBackend::getFolder(const std::string& server, const std::string& path,
                                                        const OperationContext& ctx) {
  if (planning()) {
    auto it = folders_.find(key(server, path));
    if (it != folders_.end()) return it->second;
  }
  return real_.getFolder(server, path, ctx);
}

void JournalingBackend::createFolder(const std::string& server, const std::string& path, const OperationContext& ctx) {
  if (!planning()) real_.createFolder(server, path, ctx);
  // A new folder inherits the volume root's permissions: administrators and SYSTEM.
  else
    folders_[key(server, path)] = FolderState{
        path, {{"BUILTIN\\Administrators", Access::FullControl}, {"NT AUTHORITY\\SYSTEM", Access::FullControl}}};
  record("createFolder", server + " " + path, nullptr, path);
}

void JournalingBackend::setFolderAcl(const std::string& server, const std::string& path,
                                     const std::vector<AccessEntry>& acl, const OperationContext& ctx) {
  json from;
  if (!planning()) {
    real_.setFolderAcl(server, path, acl, ctx);
  } else {
    auto folder = getFolder(server, path, ctx);
    if (!folder) throw BackendFailure(win32::kPathNotFound, path + " does not exist on " + server);
    from = toJson(folder->acl);
    folder->acl = acl;
    folders_[key(server, path)] = folder;
  }
  record("setFolderAcl", server + " " + path, from, toJson(acl));
}

std::optional<ShareState> JournalingBackend::getShare(const std::string& server, const std::string& share,
                                                      const OperationContext& ctx) {
  if (planning()) {
    auto it = shares_.find(key(server, share));
    if (it != shares_.end()) return it->second;
  }
  return real_.getShare(server, share, ctx);
}

void JournalingBackend::createShare(const std::string& server, const ShareState& share, const OperationContext& ctx) {
  if (!planning()) real_.createShare(server, share, ctx);
  else shares_[key(server, share.name)] = share;
  record("createShare", unc(server, share.name), nullptr, shareJson(share));
}

void JournalingBackend::setSharePermissions(const std::string& server, const std::string& share,
                                            const std::vector<AccessEntry>& permissions, const OperationContext& ctx) {
  json from;
  if (!planning()) {
    real_.setSharePermissions(server, share, permissions, ctx);
  } else {
    auto existing = getShare(server, share, ctx);
    if (!existing) throw BackendFailure(win32::kNetNameNotFound, "no share named " + share + " on " + server);
    from = toJson(existing->permissions);
    existing->permissions = permissions;
    shares_[key(server, share)] = existing;
  }
  record("setSharePermissions", unc(server, share), from, toJson(permissions));
}

void JournalingBackend::deleteShare(const std::string& server, const std::string& share, const OperationContext& ctx) {
  json from;
  if (!planning()) {
    real_.deleteShare(server, share, ctx);
  } else {
    if (auto existing = getShare(server, share, ctx)) from = shareJson(*existing);
    shares_[key(server, share)] = std::nullopt;
  }
  record("deleteShare", unc(server, share), from, nullptr);
}

void JournalingBackend::deleteFolder(const std::string& server, const std::string& path, const OperationContext& ctx) {
  if (!planning()) real_.deleteFolder(server, path, ctx);
  else folders_[key(server, path)] = std::nullopt;
  record("deleteFolder", server + " " + path, path, nullptr);
}

bool JournalingBackend::canWrite(const std::string& account, const std::string& server, const std::string& share,
                                 const OperationContext& ctx) {
  bool pictured = planning() && shares_.count(key(server, share));
  if (!pictured) {
    auto real = planning() ? real_.getShare(server, share, ctx) : std::nullopt;
    pictured = real && folders_.count(key(server, real->path));
  }
  if (!pictured) return real_.canWrite(account, server, share, ctx);
  auto found = getShare(server, share, ctx);
  if (!found) throw BackendFailure(win32::kBadNetName, unc(server, share) + " does not exist");
  auto folder = getFolder(server, found->path, ctx);
  return canWriteThrough(*found, folder ? &*folder : nullptr, account);
}

bool JournalingBackend::canReach(const std::string& from, Ipv4Address address, const OperationContext& ctx) {
  return real_.canReach(from, address, ctx);
}

bool JournalingBackend::installFeatures(const std::string& server, const std::vector<std::string>& features,
                                        const std::string& source, const OperationContext& ctx) {
  bool restart = false;
  if (!planning()) {
    restart = real_.installFeatures(server, features, source, ctx);
  } else {
    ServerFacts facts = getServer(server, ctx);
    restart = facts.restartPending;
    for (const auto& feature : features) {
      const FeatureInfo* info = findFeature(feature);
      restart = restart || (info && info->needsRestart && !featurePresent(facts, feature));
      installed_[canonicalName(server)].push_back(info ? info->name : feature);
    }
    restartPending_[canonicalName(server)] = restart;
  }
  record("installFeatures", server, nullptr, features);
  return restart;
}

void JournalingBackend::restartServer(const std::string& server, const OperationContext& ctx) {
  if (!planning()) real_.restartServer(server, ctx);
  else restartPending_[canonicalName(server)] = false;
  record("restartServer", server, nullptr, nullptr);
}

void JournalingBackend::setQuorum(const std::string& cluster, const QuorumSettings& settings,
                                  const OperationContext& ctx) {
  json to = toJson(quorumStateFor(settings));
  if (!planning()) {
    real_.setQuorum(cluster, settings, ctx);
    return record("setQuorum", cluster, nullptr, to);
  }
  changeCluster(
      cluster, "setQuorum", cluster,
      [&](ClusterState& c) {
        json from = toJson(c.quorum);
        c.quorum = quorumStateFor(settings);
        return std::pair<json, json>(from, to);
      },
      ctx);
}

}  // namespace cf
