// JSON forms of the cluster model, as the API shows them and the job store
// keeps them. Enum names are the API's camelCase words; parse functions
// return nullopt for a word they do not know.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "orchestration/model/cluster_model.h"

namespace cf {

std::string toString(ManagementPoint mp);
std::optional<ManagementPoint> parseManagementPoint(const std::string& s);
std::string toString(NetworkRole role);
std::optional<NetworkRole> parseNetworkRole(const std::string& s);
std::string toString(QuorumMode mode);
std::optional<QuorumMode> parseQuorumMode(const std::string& s);
std::string toString(NodeState state);
std::string toString(WitnessType type);
std::optional<WitnessType> parseWitnessType(const std::string& s);
std::string toString(Access access);
std::optional<Access> parseAccess(const std::string& s);

nlohmann::json toJson(const StaticAddress& a);
nlohmann::json toJson(const ClusterState& cluster);
nlohmann::json toJson(const ClusterNetwork& network);
nlohmann::json toJson(const QuorumState& quorum);
nlohmann::json toJson(const std::vector<AccessEntry>& entries);

}  // namespace cf
