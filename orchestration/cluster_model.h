// The cluster world as the orchestration sees it: what a server is, what a
// cluster is, and what a caller wants a cluster to be.
//
// These are plain values. Desired state (ClusterSpec) comes from a request;
// observed state (ServerFacts, ClusterState) comes from a backend. Steps
// compare the two and change only what differs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "orchestration/ipv4.h"

namespace cf {

enum class ManagementPoint { ActiveDirectory, Dns };

struct StaticAddress {
  Ipv4Address address;
  int prefixLength = 0;

  bool operator==(const StaticAddress& o) const {
    return address == o.address && prefixLength == o.prefixLength;
  }
};

// The desired cluster of a create request. Names are canonical (upper case).
struct ClusterSpec {
  std::string name;
  std::vector<std::string> nodes;
  std::vector<StaticAddress> staticAddresses;
  ManagementPoint managementPoint = ManagementPoint::ActiveDirectory;
};

struct OsInfo {
  std::string caption;           // "Windows Server 2008 Enterprise"
  std::string edition;           // "Enterprise", "Datacenter", "Standard", ...
  std::string version;           // "6.0.6001"
  int servicePack = 0;
  std::string architecture;      // "x64", "x86", "ia64"
  std::string installationType;  // "Full", "Server Core"
};

struct NetworkAdapter {
  std::string name;
  Ipv4Address address;
  int prefixLength = 0;
  bool dhcp = false;
  std::optional<Ipv4Address> gateway;

  Subnet subnet() const { return Subnet(address, prefixLength); }
};

struct ServerFacts {
  std::string name;
  std::string domain;
  OsInfo os;
  std::vector<std::string> features;
  std::vector<NetworkAdapter> adapters;
  std::optional<std::string> clusterName;  // the cluster this server is a node of

  bool hasFeature(const std::string& feature) const;
};

// GetNodeClusterState's answer.
enum class NodeClusterState { NotInstalled, NotConfigured, NotRunning, Running };

enum class NodeState { Up, Down, Paused };

// The role a cluster network plays (ClusterNetwork "Role" property values).
enum class NetworkRole { None = 0, ClusterOnly = 1, ClusterAndClient = 3 };

enum class QuorumMode {
  NodeMajority,
  NodeAndDiskMajority,
  NodeAndFileShareMajority,
  DiskOnly,
  CloudWitness,
};

struct ClusterNodeState {
  std::string name;
  NodeState state = NodeState::Up;
};

struct ClusterNetwork {
  std::string name;
  Subnet subnet;
  NetworkRole role = NetworkRole::ClusterAndClient;
  uint32_t metric = 0;
  bool autoMetric = true;
};

struct QuorumState {
  QuorumMode mode = QuorumMode::NodeMajority;
  std::string witnessType;  // "", "fileShare", "disk", "cloud"
  std::string witness;      // share path, disk name or storage account
  bool witnessOnline = false;
};

struct ClusterState {
  std::string name;
  std::string domain;
  ManagementPoint managementPoint = ManagementPoint::ActiveDirectory;
  std::vector<ClusterNodeState> nodes;
  std::vector<StaticAddress> addresses;
  std::vector<ClusterNetwork> networks;
  QuorumState quorum;

  std::vector<std::string> nodeNames() const;
};

// True when both lists name the same nodes, in any order and case.
bool sameNodeSet(const std::vector<std::string>& a, const std::vector<std::string>& b);

}  // namespace cf
