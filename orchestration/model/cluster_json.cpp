#include "orchestration/model/cluster_json.h"

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

const std::pair<WitnessType, const char*> kWitnessTypes[] = {
    {WitnessType::None, "none"},
    {WitnessType::Disk, "disk"},
    {WitnessType::FileShare, "fileShare"},
    {WitnessType::Cloud, "cloud"},
};
const std::pair<Access, const char*> kAccessWords[] = {
    {Access::Read, "read"},
    {Access::Change, "change"},
    {Access::Modify, "modify"},
    {Access::FullControl, "fullControl"},
};

}  // namespace

std::string toString(WitnessType type) { return word(kWitnessTypes, type); }
std::optional<WitnessType> parseWitnessType(const std::string& s) { return lookup(kWitnessTypes, s); }
std::string toString(Access access) { return word(kAccessWords, access); }
std::optional<Access> parseAccess(const std::string& s) { return lookup(kAccessWords, s); }

std::string toString(ManagementPoint mp) { return word(kManagementPoints, mp); }
std::optional<ManagementPoint> parseManagementPoint(const std::string& s) { return lookup(kManagementPoints, s); }
std::string toString(NetworkRole role) { return word(kNetworkRoles, role); }
std::optional<NetworkRole> parseNetworkRole(const std::string& s) { return lookup(kNetworkRoles, s); }
std::string toString(QuorumMode mode) { return word(kQuorumModes, mode); }
std::optional<QuorumMode> parseQuorumMode(const std::string& s) { return lookup(kQuorumModes, s); }
std::string toString(NodeState state) { return word(kNodeStates, state); }

nlohmann::json toJson(const StaticAddress& a) {
  return {{"address", a.address.toString()}, {"prefixLength", a.prefixLength}};
}

nlohmann::json toJson(const ClusterState& cluster) {
  nlohmann::json nodes = nlohmann::json::array();
  for (const auto& n : cluster.nodes) nodes.push_back({{"name", n.name}, {"state", toString(n.state)}});
  nlohmann::json addresses = nlohmann::json::array();
  for (const auto& a : cluster.addresses) addresses.push_back(toJson(a));
  nlohmann::json networks = nlohmann::json::array();
  for (const auto& net : cluster.networks) networks.push_back(toJson(net));
  nlohmann::json disks = nlohmann::json::array();
  for (const auto& d : cluster.disks) disks.push_back({{"name", d.name}, {"online", d.online}});
  return {
      {"name", cluster.name},
      {"domain", cluster.domain},
      {"managementPoint", toString(cluster.managementPoint)},
      {"computerAccount", cluster.computerAccount.empty() ? nlohmann::json() : nlohmann::json(cluster.computerAccount)},
      {"nodes", nodes},
      {"staticAddresses", addresses},
      {"nameDependency", cluster.nameDependency},
      {"properties", cluster.heartbeat},
      {"networks", networks},
      {"disks", disks},
      {"quorum", toJson(cluster.quorum)}};
}

nlohmann::json toJson(const ClusterNetwork& net) {
  nlohmann::json interfaces = nlohmann::json::array();
  for (const auto& i : net.interfaces) {
    interfaces.push_back({{"node", i.node}, {"adapter", i.adapter}, {"address", i.address.toString()}});
  }
  return {{"name", net.name},     {"subnet", net.subnet.toString()}, {"role", toString(net.role)},
          {"metric", net.metric}, {"autoMetric", net.autoMetric},    {"interfaces", interfaces}};
}

nlohmann::json toJson(const QuorumState& quorum) {
  nlohmann::json out = {{"mode", toString(quorum.mode)}};
  out["witness"] = quorum.witnessType == WitnessType::None ? nlohmann::json()
                                                           : nlohmann::json({{"type", toString(quorum.witnessType)},
                                                                             {"resource", quorum.witness},
                                                                             {"online", quorum.witnessOnline}});
  return out;
}

nlohmann::json toJson(const std::vector<AccessEntry>& entries) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : entries) out.push_back({{"account", e.account}, {"access", toString(e.access)}});
  return out;
}

}  // namespace cf
