#include "orchestration/cluster_json.h"

namespace cf {

namespace {

template <typename Enum, size_t N>
std::optional<Enum> lookup(const std::pair<Enum, const char*> (&table)[N], const std::string& s) {
  for (const auto& [value, word] : table) {
    if (s == word) return value;
  }
  return std::nullopt;
}

template <typename Enum, size_t N>
std::string word(const std::pair<Enum, const char*> (&table)[N], Enum value) {
  for (const auto& [v, w] : table) {
    if (v == value) return w;
  }
  return "unknown";
}

const std::pair<ManagementPoint, const char*> kManagementPoints[] = {
    {ManagementPoint::ActiveDirectory, "activeDirectory"},
    {ManagementPoint::Dns, "dns"},
};
const std::pair<NetworkRole, const char*> kNetworkRoles[] = {
    {NetworkRole::None, "none"},
    {NetworkRole::ClusterOnly, "clusterOnly"},
    {NetworkRole::ClusterAndClient, "clusterAndClient"},
};
const std::pair<QuorumMode, const char*> kQuorumModes[] = {
    {QuorumMode::NodeMajority, "nodeMajority"},
    {QuorumMode::NodeAndDiskMajority, "nodeAndDiskMajority"},
    {QuorumMode::NodeAndFileShareMajority, "nodeAndFileShareMajority"},
    {QuorumMode::DiskOnly, "diskOnly"},
    {QuorumMode::CloudWitness, "cloudWitness"},
};
const std::pair<NodeState, const char*> kNodeStates[] = {
    {NodeState::Up, "up"},
    {NodeState::Down, "down"},
    {NodeState::Paused, "paused"},
};

}  // namespace

std::string toString(ManagementPoint mp) { return word(kManagementPoints, mp); }
std::optional<ManagementPoint> parseManagementPoint(const std::string& s) {
  return lookup(kManagementPoints, s);
}
std::string toString(NetworkRole role) { return word(kNetworkRoles, role); }
std::optional<NetworkRole> parseNetworkRole(const std::string& s) { return lookup(kNetworkRoles, s); }
std::string toString(QuorumMode mode) { return word(kQuorumModes, mode); }
std::optional<QuorumMode> parseQuorumMode(const std::string& s) { return lookup(kQuorumModes, s); }
std::string toString(NodeState state) { return word(kNodeStates, state); }

nlohmann::json toJson(const StaticAddress& a) {
  return {{"address", a.address.toString()}, {"prefixLength", a.prefixLength}};
}

nlohmann::json toJson(const ClusterSpec& spec) {
  nlohmann::json addresses = nlohmann::json::array();
  for (const auto& a : spec.staticAddresses) addresses.push_back(toJson(a));
  return {{"name", spec.name},
          {"nodes", spec.nodes},
          {"staticAddresses", addresses},
          {"managementPoint", toString(spec.managementPoint)}};
}

nlohmann::json toJson(const ClusterState& cluster) {
  nlohmann::json nodes = nlohmann::json::array();
  for (const auto& n : cluster.nodes) nodes.push_back({{"name", n.name}, {"state", toString(n.state)}});
  nlohmann::json addresses = nlohmann::json::array();
  for (const auto& a : cluster.addresses) addresses.push_back(toJson(a));
  nlohmann::json networks = nlohmann::json::array();
  for (const auto& net : cluster.networks) {
    networks.push_back({{"name", net.name},
                        {"subnet", net.subnet.toString()},
                        {"role", toString(net.role)},
                        {"metric", net.metric},
                        {"autoMetric", net.autoMetric}});
  }
  nlohmann::json quorum = {{"mode", toString(cluster.quorum.mode)}};
  if (!cluster.quorum.witnessType.empty()) {
    quorum["witness"] = {{"type", cluster.quorum.witnessType},
                         {"resource", cluster.quorum.witness},
                         {"online", cluster.quorum.witnessOnline}};
  }
  return {{"name", cluster.name},
          {"domain", cluster.domain},
          {"managementPoint", toString(cluster.managementPoint)},
          {"nodes", nodes},
          {"staticAddresses", addresses},
          {"networks", networks},
          {"quorum", quorum}};
}

}  // namespace cf
