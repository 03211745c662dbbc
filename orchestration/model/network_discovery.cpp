#include "orchestration/model/network_discovery.h"

#include <algorithm>
#include <map>
#include <set>

#include "orchestration/model/computer_name.h"

namespace cf {

namespace {

std::string nextFreeNetworkName(const std::vector<ClusterNetwork>& taken) {
  for (int index = 1;; ++index) {
    std::string name = "Cluster Network " + std::to_string(index);
    bool used = std::any_of(taken.begin(), taken.end(), [&](const ClusterNetwork& n) { return n.name == name; });
    if (!used) return name;
  }
}

}  // namespace

std::vector<ClusterNetwork> discoverNetworks(const std::vector<ServerFacts>& nodes,
                                             const std::vector<StaticAddress>& addresses,
                                             const std::vector<ClusterNetwork>& known) {
  std::map<Subnet, std::vector<NetworkInterface>> interfaces;
  std::set<Subnet> withGateway;
  for (const auto& node : nodes) {
    for (const auto& a : node.adapters) {
      interfaces[a.subnet()].push_back({canonicalName(node.name), a.name, a.address});
      if (a.gateway) withGateway.insert(a.subnet());
    }
  }
  std::vector<ClusterNetwork> out;
  for (const auto& previous : known) {
    auto it = interfaces.find(previous.subnet);
    if (it == interfaces.end()) continue;  // no node has an adapter there any more
    ClusterNetwork network = previous;
    network.interfaces = it->second;
    out.push_back(network);
  }
  std::vector<ClusterNetwork> added;
  for (const auto& [subnet, members] : interfaces) {
    bool isKnown = std::any_of(known.begin(), known.end(), [&](const ClusterNetwork& n) { return n.subnet == subnet; });
    if (isKnown) continue;
    ClusterNetwork network;
    std::vector<ClusterNetwork> taken = known;
    taken.insert(taken.end(), added.begin(), added.end());
    network.name = nextFreeNetworkName(taken);
    network.subnet = subnet;
    bool carriesAddress = std::any_of(addresses.begin(), addresses.end(),
                                      [&](const StaticAddress& a) { return subnet.contains(a.address); });
    network.role =
        withGateway.count(subnet) || carriesAddress ? NetworkRole::ClusterAndClient : NetworkRole::ClusterOnly;
    // Windows' automatic metrics: internal networks first, then client ones.
    network.metric =
        static_cast<uint32_t>((network.role == NetworkRole::ClusterOnly ? 1000 : 10000) + out.size() + added.size());
    network.autoMetric = true;
    network.interfaces = members;
    added.push_back(network);
  }
  out.insert(out.end(), added.begin(), added.end());
  return out;
}

std::string nameDependencyOf(const std::vector<StaticAddress>& addresses) {
  if (addresses.empty()) return "";
  std::string out = "[Cluster IP Address]";
  for (size_t i = 1; i < addresses.size(); ++i) {
    out += " or [Cluster IP Address " + addresses[i].address.toString() + "]";
  }
  return addresses.size() > 1 ? "(" + out + ")" : out;
}

}  // namespace cf
