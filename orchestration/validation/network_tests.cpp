// Network: the nodes' adapters, addresses and the paths between them.
#include <map>
#include <set>

#include "orchestration/validation/validation_test.h"

namespace cf {

namespace {
const char* kCategory = "Network";

// Every subnet any node has an adapter on, with the nodes on it.
std::map<Subnet, std::vector<std::pair<std::string, const NetworkAdapter*>>> subnetsOf(const ValidationFacts& facts) {
  std::map<Subnet, std::vector<std::pair<std::string, const NetworkAdapter*>>> out;
  for (const auto* n : facts.reachableNodes()) {
    for (const auto& a : n->server.adapters) out[a.subnet()].push_back({n->name, &a});
  }
  return out;
}

// A node's site: the subnet of its adapter with a default gateway (its
// client network). Nodes without one are all in one site, as are the nodes of
// a cluster whose client networks are the same subnet.
std::map<std::string, std::string> sitesOf(const ValidationFacts& facts) {
  std::map<std::string, std::string> site;
  for (const auto* n : facts.reachableNodes()) {
    site[n->name] = "";
    for (const auto& a : n->server.adapters) {
      if (a.gateway) site[n->name] = a.subnet().toString();
    }
  }
  return site;
}

void validateClusterNetworkConfiguration(const ValidationFacts& facts, TestFindings& f) {
  auto site = sitesOf(facts);
  for (const auto& [subnet, members] : subnetsOf(facts)) {
    std::set<std::string> on, sites;
    std::set<bool> modes;
    for (const auto& [node, adapter] : members) {
      on.insert(node);
      sites.insert(site[node]);
      modes.insert(adapter->dhcp);
    }
    f.fact(subnet.toString(), {{"nodes", on},
                               {"addressing", modes.size() > 1 ? "mixed"
                                              : *modes.begin() ? "dhcp"
                                                               : "static"}});
    // Windows makes one cluster network per subnet. In a multi-site cluster a
    // site's networks reach only that site's nodes; a network that misses a
    // node of a site it serves is partitioned.
    std::vector<std::string> missing;
    for (const auto& [node, nodeSite] : site) {
      if (!on.count(node) && sites.count(nodeSite)) missing.push_back(node);
    }
    for (const auto& node : missing) {
      f.fail("network " + subnet.toString() + " is missing on " + node +
             ": a cluster network must reach every node of its site (a partitioned network)");
    }
    if (modes.size() > 1) f.fail("network " + subnet.toString() + " mixes static and DHCP addresses");
    if (!missing.empty() || modes.size() > 1) continue;
    std::string where = on.size() == site.size() ? "on all " + std::to_string(on.size()) + " nodes"
                                                 : "on the " + std::to_string(on.size()) + " node(s) of its site";
    f.pass("network " + subnet.toString() + ": " + where + ", " + (*modes.begin() ? "DHCP" : "static") +
           " IPv4 addresses");
  }
}

void validateIPConfiguration(const ValidationFacts& facts, TestFindings& f) {
  std::map<std::string, std::vector<std::string>> users;
  for (const auto* n : facts.reachableNodes()) {
    for (const auto& a : n->server.adapters) users[a.address.toString()].push_back(n->name + " (" + a.name + ")");
    if (n->server.adapters.size() == 1) {
      f.warn(n->name + " has a single network adapter: that adapter and its switch are a single point of failure");
    }
  }
  bool unique = true;
  for (const auto& [address, who] : users) {
    f.fact(address, who);
    if (who.size() < 2) continue;
    unique = false;
    std::string list;
    for (const auto& w : who) list += (list.empty() ? "" : ", ") + w;
    f.fail("address " + address + " is used by " + list);
  }
  if (unique) f.pass("every address is unique (" + std::to_string(users.size()) + " addresses)");
}

void validateNetworkCommunication(const ValidationFacts& facts, TestFindings& f) {
  int paths = 0;
  for (const auto& [path, answered] : facts.reach) {
    ++paths;
    f.fact(path.first + " -> " + path.second, answered);
    if (!answered) f.fail(path.first + " cannot reach " + path.second);
  }
  if (facts.reachableNodes().size() < 2) {
    f.pass("a single node: no paths to test");
  } else if (paths > 0) {
    f.pass(std::to_string(paths) + " paths tested between the nodes");
  }
}

void validateMultipleSubnetProperties(const ValidationFacts& facts, TestFindings& f) {
  auto nodes = facts.reachableNodes();
  std::set<Subnet> shared;
  bool first = true;
  for (const auto* n : nodes) {
    std::set<Subnet> mine;
    for (const auto& a : n->server.adapters) mine.insert(a.subnet());
    if (first) shared = mine;
    std::set<Subnet> both;
    for (const auto& s : shared) {
      if (mine.count(s)) both.insert(s);
    }
    shared = both;
    first = false;
  }
  if (!shared.empty() || nodes.size() < 2) {
    f.pass("the nodes share a subnet; this is not a multi-subnet cluster");
    return;
  }
  f.warn(
      "the nodes share no subnet: a multi-subnet cluster needs one static address per subnet and "
      "heartbeat thresholds (CrossSubnetDelay, CrossSubnetThreshold) suited to the link between sites");
}

void validateWindowsFirewallConfiguration(const ValidationFacts& facts, TestFindings& f) {
  bool all = true;
  for (const auto* n : facts.reachableNodes()) {
    f.fact(n->name, {{"failoverClustersRulesEnabled", n->server.firewallAllowsClustering}});
    if (!n->server.firewallAllowsClustering) {
      all = false;
      f.fail("the Windows Firewall on " + n->name +
             " blocks the Failover Clusters rules (UDP 3343, RPC): "
             "enable the \"Failover Clusters\" rule group");
    }
  }
  if (all) f.pass("the Failover Clusters firewall rules are enabled on every node");
}

}  // namespace

void addNetworkTests(std::vector<ValidationTest>& tests) {
  addTests(tests, kCategory,
           {
               {"Validate Cluster Network Configuration",
                "Checks that every network is present on every node of its site (all nodes, unless the cluster spans "
                "subnets) and that each network uses one addressing mode (all static or all DHCP) and one IP version.",
                false, validateClusterNetworkConfiguration},
               {"Validate IP Configuration",
                "Checks that no address is used twice and warns about a node with a single network adapter "
                "(a single point of failure).",
                false, validateIPConfiguration},
               {"Validate Network Communication",
                "Checks that every node reaches every other node on each network they share.", false,
                validateNetworkCommunication},
               {"Validate Multiple Subnet Properties",
                "For nodes in different subnets (a multi-site cluster), checks what the heartbeat settings must allow.",
                false, validateMultipleSubnetProperties},
               {"Validate Windows Firewall Configuration",
                "Checks that the Windows Firewall allows the Failover Clusters rules on every node.", false,
                validateWindowsFirewallConfiguration},
           });
}

}  // namespace cf
