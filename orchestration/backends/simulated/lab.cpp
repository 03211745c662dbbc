#include "orchestration/backends/simulated/lab.h"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "orchestration/model/checked_json.h"
#include "orchestration/model/cluster_json.h"
#include "orchestration/model/computer_name.h"
#include "orchestration/model/network_discovery.h"
#include "orchestration/model/server_facts_json.h"

namespace cf::sim {

namespace {

using nlohmann::json;
using namespace checked;

std::vector<AccessEntry> accessFromJson(const json& list, const std::string& where) {
  std::vector<AccessEntry> out;
  for (size_t i = 0; i < list.size(); ++i) {
    std::string ew = where + "/" + std::to_string(i);
    auto access = parseAccess(text(list[i], "access", ew));
    if (!access) bad(ew + "/access", "must be read, change, modify or fullControl");
    out.push_back({text(list[i], "account", ew), *access});
  }
  return out;
}

LabServer serverFromJson(const json& j, const std::string& where) {
  LabServer server;
  server.facts = serverFactsFromJson(j, where);
  server.facts.clusterName.reset();  // derived from the clusters
  server.reachable = j.value("reachable", true);
  server.administrators = j.value("administrators", std::vector<std::string>{});
  server.volumes = j.value("volumes", std::vector<std::string>{"C"});
  server.adminShares = j.value("adminShares", true);
  const auto& folders = j.value("folders", json::array());
  for (size_t i = 0; i < folders.size(); ++i) {
    std::string fw = where + "/folders/" + std::to_string(i);
    server.folders.push_back(
        {text(folders[i], "path", fw), accessFromJson(folders[i].value("acl", json::array()), fw + "/acl")});
  }
  const auto& shares = j.value("shares", json::array());
  for (size_t i = 0; i < shares.size(); ++i) {
    std::string sw = where + "/shares/" + std::to_string(i);
    server.shares.push_back({text(shares[i], "name", sw), text(shares[i], "path", sw),
                             accessFromJson(shares[i].value("permissions", json::array()), sw + "/permissions"),
                             shares[i].value("remark", "")});
  }
  return server;
}

ClusterState clusterFromJson(const json& j, const std::string& where) {
  ClusterState c;
  c.name = computerName(j, "name", where);
  c.domain = text(j, "domain", where);
  auto mp = parseManagementPoint(j.value("managementPoint", "activeDirectory"));
  if (!mp) bad(where + "/managementPoint", "unknown management point");
  c.managementPoint = *mp;
  if (j.contains("computerAccount") && j["computerAccount"].is_string()) c.computerAccount = j["computerAccount"];
  for (const auto& d : j.value("disks", json::array())) {
    c.disks.push_back({d.at("name").get<std::string>(), d.value("online", true)});
  }
  for (const auto& n : field(j, "nodes", where)) {
    std::string state = n.value("state", "up");
    c.nodes.push_back({canonicalName(n.at("name").get<std::string>()), state == "down"     ? NodeState::Down
                                                                       : state == "paused" ? NodeState::Paused
                                                                                           : NodeState::Up});
  }
  const auto& addresses = j.value("staticAddresses", json::array());
  for (size_t i = 0; i < addresses.size(); ++i) {
    std::string aw = where + "/staticAddresses/" + std::to_string(i);
    c.addresses.push_back({address(addresses[i], "address", aw), integer(addresses[i], "prefixLength", aw, 1, 32)});
  }
  const auto& networks = j.value("networks", json::array());
  for (size_t i = 0; i < networks.size(); ++i) {
    std::string nw = where + "/networks/" + std::to_string(i);
    ClusterNetwork net;
    net.name = text(networks[i], "name", nw);
    auto subnet = Subnet::parseCidr(text(networks[i], "subnet", nw));
    if (!subnet) bad(nw + "/subnet", "is not a subnet in CIDR form");
    net.subnet = *subnet;
    auto role = parseNetworkRole(text(networks[i], "role", nw));
    if (!role) bad(nw + "/role", "unknown role");
    net.role = *role;
    net.metric = static_cast<uint32_t>(integer(networks[i], "metric", nw, 1, 0x0FFFFFFF));
    net.autoMetric = networks[i].value("autoMetric", true);
    const auto& interfaces = networks[i].value("interfaces", json::array());
    for (size_t k = 0; k < interfaces.size(); ++k) {
      std::string iw = nw + "/interfaces/" + std::to_string(k);
      net.interfaces.push_back(
          {text(interfaces[k], "node", iw), text(interfaces[k], "adapter", iw), address(interfaces[k], "address", iw)});
    }
    c.networks.push_back(net);
  }
  c.nameDependency = j.value("nameDependency", nameDependencyOf(c.addresses));
  c.heartbeat = defaultHeartbeat("");
  const auto& properties = j.value("properties", json::object());
  for (const auto& p : heartbeatProperties()) {
    if (properties.contains(p.name)) {
      c.heartbeat[p.name] = static_cast<uint32_t>(integer(properties, p.name, where + "/properties", 0, 0x7FFFFFFF));
    }
  }
  if (j.contains("quorum")) {
    const auto& q = j["quorum"];
    auto mode = parseQuorumMode(text(q, "mode", where + "/quorum"));
    if (!mode) bad(where + "/quorum/mode", "unknown quorum mode");
    c.quorum.mode = *mode;
    if (q.contains("witness") && q["witness"].is_object()) {
      auto type = parseWitnessType(text(q["witness"], "type", where + "/quorum/witness"));
      if (!type) bad(where + "/quorum/witness/type", "unknown witness type");
      c.quorum.witnessType = *type;
      c.quorum.witness = q["witness"].value("resource", "");
      c.quorum.witnessOnline = q["witness"].value("online", false);
    }
  }
  return c;
}

Fault faultFromJson(const json& j, const std::string& where) {
  Fault fault;
  fault.operation = text(j, "operation", where);
  fault.target = j.value("target", "*");
  fault.code = static_cast<uint32_t>(integer(j, "win32", where, 1, 0x7FFFFFFF));
  const auto& times = j.value("times", json(1));
  if (times.is_string() && times.get<std::string>() == "always") fault.remaining = -1;
  else fault.remaining = integer(j, "times", where, 0, 1000000);
  return fault;
}

}  // namespace

bool LabServer::isAdministrator(const std::string& account) const {
  if (administrators.empty()) return true;
  return std::any_of(administrators.begin(), administrators.end(),
                     [&](const std::string& a) { return sameName(a, account); });
}

FolderState* LabServer::findFolder(const std::string& path) {
  for (auto& f : folders) {
    if (sameName(f.path, path)) return &f;
  }
  return nullptr;
}

ShareState* LabServer::findShare(const std::string& name) {
  for (auto& sh : shares) {
    if (sameName(sh.name, name)) return &sh;
  }
  return nullptr;
}

LabServer* Lab::findServer(const std::string& name) {
  for (auto& s : servers) {
    if (sameName(s.facts.name, name)) return &s;
  }
  return nullptr;
}

ClusterState* Lab::findCluster(const std::string& name) {
  for (auto& c : clusters) {
    if (sameName(c.name, name)) return &c;
  }
  return nullptr;
}

bool Lab::hasDisabledComputerObject(const std::string& name) const {
  return std::any_of(disabledComputerObjects.begin(), disabledComputerObjects.end(),
                     [&](const std::string& d) { return sameName(d, name); });
}

bool Lab::knowsAccount(const std::string& a) const {
  auto startsWith = [&](const std::string& prefix) {
    return a.size() >= prefix.size() && sameName(a.substr(0, prefix.size()), prefix);
  };
  bool known =
      sameName(a, "Everyone") || startsWith("BUILTIN\\") || startsWith("NT AUTHORITY\\") || sameName(a, serviceAccount);
  for (const auto& s : servers) known = known || sameName(a, netbiosDomain + "\\" + s.facts.name + "$");
  for (const auto& c : clusters) known = known || (!c.computerAccount.empty() && sameName(a, c.computerAccount));
  for (const auto& d : disabledComputerObjects) known = known || sameName(a, netbiosDomain + "\\" + d + "$");
  return known;
}

Lab labFromJson(const json& j) {
  Lab lab;
  const auto& domain = field(j, "domain", "");
  lab.domain = text(domain, "name", "/domain");
  lab.netbiosDomain = text(domain, "netbiosName", "/domain");
  lab.serviceAccount = j.value("serviceAccount", lab.netbiosDomain + "\\svc-clusterforge");
  const auto& servers = field(j, "servers", "");
  for (size_t i = 0; i < servers.size(); ++i) {
    lab.servers.push_back(serverFromJson(servers[i], "/servers/" + std::to_string(i)));
  }
  const auto& clusters = j.value("clusters", json::array());
  for (size_t i = 0; i < clusters.size(); ++i) {
    lab.clusters.push_back(clusterFromJson(clusters[i], "/clusters/" + std::to_string(i)));
  }
  for (const auto& name : j.value("disabledComputerObjects", std::vector<std::string>{})) {
    lab.disabledComputerObjects.push_back(canonicalName(name));
  }
  lab.installationSources = j.value("installationSources", std::vector<std::string>{});
  lab.serviceAccountCreatesComputerObjects = j.value("serviceAccountCreatesComputerObjects", true);
  const auto& faults = j.value("faults", json::array());
  for (size_t i = 0; i < faults.size(); ++i) {
    lab.faults.push_back(faultFromJson(faults[i], "/faults/" + std::to_string(i)));
  }
  const auto& links = j.value("linkFaults", json::array());
  for (size_t i = 0; i < links.size(); ++i) {
    std::string lw = "/linkFaults/" + std::to_string(i);
    const auto& between = field(links[i], "between", lw);
    auto subnet = Subnet::parseCidr(text(links[i], "subnet", lw));
    if (!between.is_array() || between.size() != 2 || !subnet) bad(lw, "needs between: [two servers] and a subnet");
    lab.linkFaults.push_back(
        {canonicalName(between[0].get<std::string>()), canonicalName(between[1].get<std::string>()), *subnet});
  }
  const json counters = j.value("changeCounters", json::object());
  for (const auto& [op, count] : counters.items()) lab.changeCounters[op] = count.get<int64_t>();
  for (auto& cluster : lab.clusters) {
    for (const auto& node : cluster.nodes) {
      if (!lab.findServer(node.name)) bad("/clusters", "cluster " + cluster.name + " names unknown node " + node.name);
    }
  }
  return lab;
}

nlohmann::json labToJson(const Lab& lab) {
  json servers = json::array();
  for (const auto& s : lab.servers) {
    json folders = json::array();
    for (const auto& f : s.folders) folders.push_back({{"path", f.path}, {"acl", toJson(f.acl)}});
    json shares = json::array();
    for (const auto& sh : s.shares) {
      shares.push_back(
          {{"name", sh.name}, {"path", sh.path}, {"permissions", toJson(sh.permissions)}, {"remark", sh.remark}});
    }
    json server = toJson(s.facts);
    server.erase("clusterName");
    server["reachable"] = s.reachable;
    server["administrators"] = s.administrators;
    server["volumes"] = s.volumes;
    server["adminShares"] = s.adminShares;
    server["folders"] = folders;
    server["shares"] = shares;
    servers.push_back(server);
  }
  json clusters = json::array();
  for (const auto& c : lab.clusters) clusters.push_back(toJson(c));
  json linkFaults = json::array();
  for (const auto& l : lab.linkFaults) {
    linkFaults.push_back({{"between", {l.a, l.b}}, {"subnet", l.subnet.toString()}});
  }
  json faults = json::array();
  for (const auto& f : lab.faults) {
    faults.push_back({{"operation", f.operation},
                      {"target", f.target},
                      {"win32", f.code},
                      {"times", f.remaining < 0 ? json("always") : json(f.remaining)}});
  }
  return {{"domain", {{"name", lab.domain}, {"netbiosName", lab.netbiosDomain}}},
          {"serviceAccount", lab.serviceAccount},
          {"servers", servers},
          {"clusters", clusters},
          {"disabledComputerObjects", lab.disabledComputerObjects},
          {"installationSources", lab.installationSources},
          {"serviceAccountCreatesComputerObjects", lab.serviceAccountCreatesComputerObjects},
          {"faults", faults},
          {"linkFaults", linkFaults},
          {"changeCounters", lab.changeCounters}};
}

Lab readLabFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("cannot open lab file " + path);
  json j;
  try {
    in >> j;
  } catch (const json::exception& e) {
    throw std::invalid_argument("lab file " + path + " is not valid JSON: " + e.what());
  }
  try {
    return labFromJson(j);
  } catch (const std::exception& e) {
    throw std::invalid_argument("lab file " + path + ": " + e.what());
  }
}

}  // namespace cf::sim
