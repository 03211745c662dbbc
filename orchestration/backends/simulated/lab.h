// The simulated lab: a Windows domain with its servers and clusters, the
// faults a test wants injected, and counters of the changes made.
//
// A lab is read from an inventory file (deploy/sim/*.json) the first time and
// from the simulator's state file after that; both have the same JSON form,
// so a state file is itself a valid inventory. Reading a lab checks it
// thoroughly and names the first bad field, since a broken inventory should
// stop the service at start, not confuse a job later.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestration/model/cluster_model.h"

namespace cf::sim {

struct LabServer {
  ServerFacts facts;  // facts.clusterName is derived from the clusters, not stored
  bool reachable = true;
  // Accounts in the local Administrators group; empty means only the
  // defaults, which include the service's own account.
  std::vector<std::string> administrators;
  std::vector<std::string> volumes = {"C"};  // drive letters
  // The administrative shares (C$, ADMIN$): off when AutoShareServer is 0.
  // ClusterForge reaches a server's folders through them.
  bool adminShares = true;
  std::vector<FolderState> folders;
  std::vector<ShareState> shares;

  bool isAdministrator(const std::string& account) const;
  FolderState* findFolder(const std::string& path);
  ShareState* findShare(const std::string& name);
};

// "Fail the next `remaining` calls of `operation` on `target` with `code`";
// remaining < 0 means every call. Target "*" matches any target.
struct Fault {
  std::string operation;
  std::string target;
  uint32_t code = 0;
  int remaining = 1;
};

// Two servers that cannot talk to each other on one subnet (a bad cable, a
// VLAN missing on a switch port): what validation's network test must catch.
struct LinkFault {
  std::string a, b;
  Subnet subnet;
};

struct Lab {
  std::string domain;          // "contoso.local"
  std::string netbiosDomain;   // "CONTOSO"
  std::string serviceAccount;  // the account ClusterForge acts as: "CONTOSO\\svc-clusterforge"
  std::vector<LabServer> servers;
  std::vector<ClusterState> clusters;
  // Computer objects of destroyed clusters, left in the domain disabled.
  std::vector<std::string> disabledComputerObjects;
  // Folders holding installation media (sources\sxs) a feature install may
  // name as its source; any other source is not found.
  std::vector<std::string> installationSources;
  // Whether the service account may create computer objects in the
  // container of the servers' computer accounts, where CreateCluster makes a
  // cluster name object; without it only a prestaged (disabled) one is taken.
  bool serviceAccountCreatesComputerObjects = true;
  std::vector<Fault> faults;
  std::vector<LinkFault> linkFaults;
  std::map<std::string, int64_t> changeCounters;

  LabServer* findServer(const std::string& name);
  ClusterState* findCluster(const std::string& name);
  // Whether a disabled computer object of that name (without the $) is in
  // the domain: prestaged, or left by a destroyed cluster.
  bool hasDisabledComputerObject(const std::string& name) const;
  // Whether the domain (or every Windows computer) has an account of that
  // name: well-known ones, the service account, servers' and clusters'
  // computer accounts.
  bool knowsAccount(const std::string& account) const;
};

// Throws std::invalid_argument naming the offending field.
Lab labFromJson(const nlohmann::json& json);
nlohmann::json labToJson(const Lab& lab);

Lab readLabFile(const std::string& path);

}  // namespace cf::sim
