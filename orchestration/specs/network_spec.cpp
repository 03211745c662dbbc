#include "orchestration/specs/network_spec.h"

#include <map>
#include <set>

#include "orchestration/model/cluster_json.h"
#include "orchestration/model/computer_name.h"
#include "orchestration/specs/json_reader.h"

namespace cf {

namespace {

std::optional<std::string> networkNameProblem(const std::string& name) {
  if (name.empty()) return "must not be empty";
  if (name.front() == ' ' || name.back() == ' ') return "must not start or end with a space";
  for (unsigned char c : name) {
    if (c < 32 || c == 127) return "must not contain control characters";
  }
  return std::nullopt;
}

std::string describe(const NetworkSetting& s) {
  return s.matchSubnet ? "subnet " + s.matchSubnet->toString() : "network '" + *s.matchName + "'";
}

}  // namespace

std::vector<NetworkSetting> readNetworkSettings(const nlohmann::json& list, const std::string& pointer,
                                                FieldErrors& errors) {
  std::vector<NetworkSetting> settings;
  for (size_t i = 0; i < list.size(); ++i) {
    std::string at = pointer + "/" + std::to_string(i);
    size_t before = errors.size();
    JsonObjectReader item(list[i], at, errors);
    NetworkSetting setting;
    if (const auto* match = item.optionalObject("match")) {
      JsonObjectReader m(*match, item.pointerTo("match"), errors);
      auto subnet = m.optionalString("subnet", 18);
      auto name = m.optionalString("name", kMaxNetworkNameLength);
      if (subnet) {
        setting.matchSubnet = Subnet::parseCidr(*subnet);
        if (!setting.matchSubnet)
          m.error("subnet", "must be a subnet in CIDR form with its network address, like 10.0.0.0/24");
      }
      setting.matchName = name;
      if (subnet.has_value() == name.has_value() && errors.size() == before) {
        errors.push_back(FieldError::body(item.pointerTo("match"), "must give exactly one of subnet or name"));
      }
      m.rejectUnknownFields();
    } else if (item.isObject()) {
      item.error("match", "is required: the network's subnet or current name");
    }
    if (auto name = item.optionalString("name", kMaxNetworkNameLength)) {
      if (auto problem = networkNameProblem(*name)) item.error("name", *problem);
      setting.name = name;
    }
    if (auto role = item.optionalString("role", 32)) {
      setting.role = parseNetworkRole(*role);
      if (!setting.role) item.error("role", "must be one of: none, clusterOnly, clusterAndClient");
    }
    if (auto metric = item.optionalInteger("metric", kMinNetworkMetric, kMaxNetworkMetric)) {
      setting.metric = static_cast<uint32_t>(*metric);
    }
    item.rejectUnknownFields();
    if (errors.size() == before && !setting.name && !setting.role && !setting.metric) {
      errors.push_back(FieldError::body(at, "sets nothing: give a name, role or metric"));
    }
    settings.push_back(setting);
  }
  return settings;
}

NetworkSpecParse parseNetworkSpec(const std::string& cluster, const nlohmann::json& body) {
  NetworkSpecParse out;
  JsonObjectReader reader(body, "", out.errors);
  NetworkSpec spec;
  spec.cluster = canonicalName(cluster);
  if (const auto* list = reader.requiredArray("networks", 1, kMaxNetworkSettings)) {
    spec.networks = readNetworkSettings(*list, reader.pointerTo("networks"), out.errors);
  }
  reader.rejectUnknownFields();
  if (out.errors.empty()) out.spec = std::move(spec);
  return out;
}

nlohmann::json toStored(const NetworkSpec& spec) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& s : spec.networks) {
    nlohmann::json item = nlohmann::json::object();
    if (s.matchSubnet) item["matchSubnet"] = s.matchSubnet->toString();
    if (s.matchName) item["matchName"] = *s.matchName;
    if (s.name) item["name"] = *s.name;
    if (s.role) item["role"] = toString(*s.role);
    if (s.metric) item["metric"] = *s.metric;
    list.push_back(item);
  }
  return {{"cluster", spec.cluster}, {"networks", list}};
}

NetworkSpec networkSpecFromStored(const nlohmann::json& stored) {
  NetworkSpec spec;
  spec.cluster = stored.at("cluster").get<std::string>();
  for (const auto& item : stored.at("networks")) {
    NetworkSetting s;
    if (item.contains("matchSubnet")) s.matchSubnet = Subnet::parseCidr(item["matchSubnet"].get<std::string>());
    if (item.contains("matchName")) s.matchName = item["matchName"].get<std::string>();
    if (item.contains("name")) s.name = item["name"].get<std::string>();
    if (item.contains("role")) s.role = parseNetworkRole(item["role"].get<std::string>());
    if (item.contains("metric")) s.metric = item["metric"].get<uint32_t>();
    spec.networks.push_back(s);
  }
  return spec;
}

nlohmann::json storedNetworkSpecV1toV2(nlohmann::json stored) {
  for (auto& item : stored.at("networks")) {
    auto match = item.at("match");
    item.erase("match");
    if (match.contains("subnet")) item["matchSubnet"] = match["subnet"];
    if (match.contains("name")) item["matchName"] = match["name"];
  }
  return stored;
}

NetworkPlan planNetworks(const ClusterState& cluster, const std::vector<NetworkSetting>& settings,
                         const std::string& pointer) {
  NetworkPlan plan;
  std::map<std::string, std::string> finalNames;  // current name -> name after the plan
  std::map<std::string, NetworkRole> finalRoles;
  for (const auto& n : cluster.networks) {
    finalNames[n.name] = n.name;
    finalRoles[n.name] = n.role;
  }
  std::map<std::string, size_t> claimedBy;
  for (size_t i = 0; i < settings.size(); ++i) {
    const auto& s = settings[i];
    std::string at = pointer + "/" + std::to_string(i);
    std::vector<const ClusterNetwork*> found;
    for (const auto& n : cluster.networks) {
      if ((s.matchSubnet && n.subnet == *s.matchSubnet) || (s.matchName && n.name == *s.matchName)) found.push_back(&n);
    }
    if (found.size() != 1) {
      plan.errors.push_back(FieldError::body(
          at + "/match", found.empty() ? "finds no network of cluster " + cluster.name + " (" + describe(s) + ")"
                                       : "finds " + std::to_string(found.size()) + " networks; match one"));
      continue;
    }
    const ClusterNetwork& network = *found.front();
    if (!claimedBy.emplace(network.name, i).second) {
      plan.errors.push_back(FieldError::body(at + "/match", "matches network '" + network.name + "', which " + pointer +
                                                                "/" + std::to_string(claimedBy[network.name]) +
                                                                " already sets"));
      continue;
    }
    if (s.role && *s.role != NetworkRole::ClusterAndClient && cluster.carriesClusterAddress(network.subnet)) {
      plan.errors.push_back(FieldError::body(at + "/role", "cannot be " + toString(*s.role) + ": network '" +
                                                               network.name +
                                                               "' carries a cluster IP address, so "
                                                               "clients must keep access (clusterAndClient)"));
    }
    NetworkChange change{network.name, std::nullopt, std::nullopt, std::nullopt};
    if (s.name && *s.name != network.name) change.rename = s.name;
    if (s.role && *s.role != network.role) change.role = s.role;
    if (s.metric && (*s.metric != network.metric || network.autoMetric)) change.metric = s.metric;
    if (s.name) finalNames[network.name] = *s.name;
    if (s.role) finalRoles[network.name] = *s.role;
    if (change.rename || change.role || change.metric) plan.changes.push_back(change);
  }
  std::map<std::string, int> nameCount;
  for (const auto& [current, final] : finalNames) ++nameCount[final];
  for (size_t i = 0; i < settings.size(); ++i) {
    if (settings[i].name && nameCount[*settings[i].name] > 1) {
      plan.errors.push_back(FieldError::body(pointer + "/" + std::to_string(i) + "/name",
                                             "'" + *settings[i].name + "' would name two networks of the cluster"));
    }
  }
  bool usable = false;
  for (const auto& [network, role] : finalRoles) usable = usable || role != NetworkRole::None;
  if (!usable)
    plan.errors.push_back(FieldError::body(pointer, "would leave the cluster no network for its own traffic"));
  if (!plan.errors.empty()) plan.changes.clear();
  return plan;
}

}  // namespace cf

namespace cf {

JobRequest jobRequest(const NetworkSpec& spec) {
  JobRequest request(kConfigureNetworksKind, spec.cluster, ClusterTarget::Existing);
  request.refusal = [spec](const ClusterState& cluster) -> std::optional<Refusal> {
    auto plan = planNetworks(cluster, spec.networks);
    if (plan.errors.empty()) return std::nullopt;
    return Refusal{422, "validationFailed", "the networks of " + spec.cluster + " cannot be set this way", plan.errors};
  };
  request.storedSpec = [spec](SecretBox&, const ClusterState*) { return toStored(spec); };
  return request;
}

}  // namespace cf
