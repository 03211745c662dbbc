#include "orchestration/specs/cluster_spec.h"

#include <set>

#include "orchestration/model/cluster_json.h"
#include "orchestration/model/computer_name.h"
#include "orchestration/specs/json_reader.h"

namespace cf {

namespace {

std::vector<std::string> readNodes(JsonObjectReader& reader, const std::string& clusterName, FieldErrors& errors) {
  std::vector<std::string> nodes;
  const auto* array = reader.requiredArray("nodes", 1, kMaxClusterNodes);
  if (!array) return nodes;
  std::set<std::string> seen;
  for (size_t i = 0; i < array->size(); ++i) {
    std::string pointer = reader.pointerTo("nodes") + "/" + std::to_string(i);
    const auto& item = (*array)[i];
    if (!item.is_string()) {
      errors.push_back(FieldError::body(pointer, "must be a string (a computer name)"));
      continue;
    }
    const auto& node = item.get_ref<const std::string&>();
    if (auto problem = computerNameProblem(node)) {
      errors.push_back(FieldError::body(pointer, "is not a valid computer name: " + *problem));
      continue;
    }
    std::string canonical = canonicalName(node);
    if (!seen.insert(canonical).second) {
      errors.push_back(FieldError::body(pointer, "names " + canonical + " a second time"));
      continue;
    }
    if (canonical == clusterName) {
      errors.push_back(FieldError::body(pointer, "a node cannot have the cluster's own name"));
      continue;
    }
    nodes.push_back(canonical);
  }
  return nodes;
}

std::optional<StaticAddress> readStaticAddress(const nlohmann::json& item, const std::string& pointer,
                                               FieldErrors& errors) {
  size_t before = errors.size();
  JsonObjectReader reader(item, pointer, errors);
  auto text = reader.requiredString("address", 15);
  auto prefix = reader.requiredInteger("prefixLength", 1, 30);
  reader.rejectUnknownFields();
  if (!text || !prefix || errors.size() != before) return std::nullopt;

  auto address = Ipv4Address::parse(*text);
  if (!address) {
    reader.error("address", "must be an IPv4 address in dotted-decimal form, like 10.0.0.50");
    return std::nullopt;
  }
  if (auto reason = unusableHostAddressReason(*address)) {
    reader.error("address", *reason);
    return std::nullopt;
  }
  Subnet subnet(*address, static_cast<int>(*prefix));
  if (subnet.isNetworkAddress(*address) || subnet.isBroadcastAddress(*address)) {
    reader.error("address", "is the " + std::string(subnet.isNetworkAddress(*address) ? "network" : "broadcast") +
                                " address of " + subnet.toString() + ", not a host address");
    return std::nullopt;
  }
  return StaticAddress{*address, static_cast<int>(*prefix)};
}

}  // namespace

ClusterSpecParse parseClusterSpec(const std::string& name, const nlohmann::json& body) {
  ClusterSpecParse out;
  ClusterSpec spec;
  if (auto problem = computerNameProblem(name)) {
    out.errors.push_back(FieldError::parameter("name", "is not a valid cluster name: " + *problem));
  }
  spec.name = canonicalName(name);

  JsonObjectReader reader(body, "", out.errors);
  spec.nodes = readNodes(reader, spec.name, out.errors);

  if (const auto* addresses = reader.requiredArray("staticAddresses", 1, kMaxStaticAddresses)) {
    std::vector<Subnet> subnets;
    for (size_t i = 0; i < addresses->size(); ++i) {
      std::string pointer = reader.pointerTo("staticAddresses") + "/" + std::to_string(i);
      auto address = readStaticAddress((*addresses)[i], pointer, out.errors);
      if (!address) continue;
      Subnet subnet(address->address, address->prefixLength);
      bool duplicateSubnet = false;
      for (const auto& s : subnets) duplicateSubnet = duplicateSubnet || s == subnet;
      if (duplicateSubnet) {
        out.errors.push_back(FieldError::body(
            pointer, "is a second address on " + subnet.toString() + "; a cluster takes one address per subnet"));
        continue;
      }
      subnets.push_back(subnet);
      spec.staticAddresses.push_back(*address);
    }
  }

  if (const auto* properties = reader.optionalObject("properties")) {
    JsonObjectReader props(*properties, reader.pointerTo("properties"), out.errors);
    for (const auto& p : heartbeatProperties()) {
      // The widest range Windows has: each OS's own is checked on its nodes.
      HeartbeatRange range = heartbeatRange(p, "");
      if (auto value = props.optionalInteger(p.name, range.min, range.max)) {
        spec.properties[p.name] = static_cast<uint32_t>(*value);
      }
    }
    props.rejectUnknownFields();
  }

  if (auto mp = reader.optionalString("managementPoint", 32)) {
    if (auto parsed = parseManagementPoint(*mp)) {
      spec.managementPoint = *parsed;
    } else {
      reader.error("managementPoint", "must be one of: activeDirectory, dns");
    }
  }
  reader.rejectUnknownFields();

  if (out.errors.empty()) out.spec = std::move(spec);
  return out;
}

nlohmann::json toStored(const ClusterSpec& spec) {
  nlohmann::json addresses = nlohmann::json::array();
  for (const auto& a : spec.staticAddresses) addresses.push_back(toJson(a));
  nlohmann::json stored = {{"name", spec.name},
                           {"nodes", spec.nodes},
                           {"staticAddresses", addresses},
                           {"managementPoint", toString(spec.managementPoint)}};
  if (!spec.properties.empty()) stored["properties"] = spec.properties;
  return stored;
}

ClusterSpec clusterSpecFromStored(const nlohmann::json& stored) {
  ClusterSpec spec;
  spec.name = stored.at("name").get<std::string>();
  spec.nodes = stored.at("nodes").get<std::vector<std::string>>();
  for (const auto& a : stored.at("staticAddresses")) {
    spec.staticAddresses.push_back(
        {*Ipv4Address::parse(a.at("address").get<std::string>()), a.at("prefixLength").get<int>()});
  }
  spec.managementPoint = parseManagementPoint(stored.value("managementPoint", "activeDirectory"))
                             .value_or(ManagementPoint::ActiveDirectory);
  spec.properties = stored.value("properties", HeartbeatSettings{});
  return spec;
}

}  // namespace cf
