#include "orchestration/model/cluster_model.h"

#include <algorithm>

#include "orchestration/model/computer_name.h"

namespace cf {

bool ServerFacts::hasFeature(const std::string& feature) const {
  return std::any_of(features.begin(), features.end(), [&](const std::string& f) { return sameName(f, feature); });
}

const ServiceState* ServerFacts::findService(const std::string& service) const {
  for (const auto& s : services) {
    if (sameName(s.name, service)) return &s;
  }
  return nullptr;
}

std::vector<std::string> ClusterState::nodeNames() const {
  std::vector<std::string> names;
  for (const auto& node : nodes) names.push_back(node.name);
  return names;
}

bool ClusterState::hasNode(const std::string& name) const {
  return std::any_of(nodes.begin(), nodes.end(), [&](const ClusterNodeState& n) { return sameName(n.name, name); });
}

const ClusterNetwork* ClusterState::findNetwork(const std::string& name) const {
  for (const auto& n : networks) {
    if (n.name == name) return &n;
  }
  return nullptr;
}

const ClusterDisk* ClusterState::findDisk(const std::string& name) const {
  for (const auto& d : disks) {
    if (sameName(d.name, name)) return &d;
  }
  return nullptr;
}

bool ClusterState::carriesClusterAddress(const Subnet& subnet) const {
  return std::any_of(addresses.begin(), addresses.end(),
                     [&](const StaticAddress& a) { return subnet.contains(a.address); });
}

std::optional<std::string> evictionProblem(const ClusterState& cluster, const std::string& node) {
  if (!cluster.hasNode(node)) return node + " is not a node of cluster " + cluster.name;
  if (cluster.nodes.size() == 1) {
    return node + " is the last node of cluster " + cluster.name + "; destroy the cluster instead";
  }
  bool witness = cluster.quorum.witnessType != WitnessType::None;
  if (cluster.quorum.mode == QuorumMode::DiskOnly) {
    if (cluster.quorum.witnessOnline) return std::nullopt;
    return "cluster " + cluster.name + " runs on its witness disk alone, and the disk is offline";
  }
  size_t votes = cluster.nodes.size() - 1 + (witness ? 1 : 0);
  size_t up = witness && cluster.quorum.witnessOnline ? 1 : 0;
  for (const auto& n : cluster.nodes) {
    if (!sameName(n.name, node) && n.state != NodeState::Down) ++up;
  }
  if (2 * up > votes) return std::nullopt;
  return "evicting " + node + " would leave " + std::to_string(up) + " of " + std::to_string(votes) +
         " votes up, not a majority: cluster " + cluster.name + " would lose quorum. Bring the other nodes up first";
}

QuorumState quorumStateFor(const QuorumSettings& settings) {
  QuorumState state;
  state.mode = settings.mode;
  state.witnessOnline = settings.mode != QuorumMode::NodeMajority;
  switch (settings.mode) {
    case QuorumMode::NodeMajority: break;
    case QuorumMode::NodeAndDiskMajority:
    case QuorumMode::DiskOnly:
      state.witnessType = WitnessType::Disk;
      state.witness = settings.disk;
      break;
    case QuorumMode::NodeAndFileShareMajority:
      state.witnessType = WitnessType::FileShare;
      state.witness = settings.sharePath;
      break;
    // The access key goes to the resource; the quorum names only the account.
    case QuorumMode::CloudWitness:
      state.witnessType = WitnessType::Cloud;
      state.witness = settings.cloudAccount;
      break;
  }
  return state;
}

std::vector<std::string> quorumWarnings(QuorumMode mode, size_t nodeCount) {
  std::vector<std::string> warnings;
  if (mode == QuorumMode::NodeMajority && nodeCount % 2 == 0) {
    warnings.push_back("node majority on " + std::to_string(nodeCount) +
                       " nodes: an even number of votes without a witness; losing half the nodes stops the cluster. "
                       "Add a witness (nodeAndFileShareMajority or cloudWitness).");
  }
  if (mode == QuorumMode::DiskOnly) {
    warnings.push_back("disk only: the witness disk is a single point of failure; the cluster stops if it fails.");
  }
  return warnings;
}

bool AccessEntry::operator==(const AccessEntry& o) const { return sameName(account, o.account) && access == o.access; }

bool grants(const std::vector<AccessEntry>& entries, const std::string& account, Access needed) {
  return std::any_of(entries.begin(), entries.end(), [&](const AccessEntry& e) {
    return (sameName(e.account, account) || sameName(e.account, "Everyone")) &&
           static_cast<int>(e.access) >= static_cast<int>(needed);
  });
}

bool canWriteThrough(const ShareState& share, const FolderState* folder, const std::string& account) {
  return grants(share.permissions, account, Access::Change) && folder && grants(folder->acl, account, Access::Modify);
}

std::string joinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

bool sameNodeSet(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  auto canonicalSorted = [](const std::vector<std::string>& names) {
    std::vector<std::string> out;
    for (const auto& n : names) out.push_back(canonicalName(n));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };
  return canonicalSorted(a) == canonicalSorted(b);
}

}  // namespace cf
