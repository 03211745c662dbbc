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

#include "orchestration/model/heartbeat.h"
#include "orchestration/model/ipv4.h"

namespace cf {

enum class ManagementPoint { ActiveDirectory, Dns };

struct StaticAddress {
  Ipv4Address address;
  int prefixLength = 0;

  bool operator==(const StaticAddress& o) const { return address == o.address && prefixLength == o.prefixLength; }
};

// The desired cluster of a create request. Names are canonical (upper case).
struct ClusterSpec {
  std::string name;
  std::vector<std::string> nodes;
  std::vector<StaticAddress> staticAddresses;
  ManagementPoint managementPoint = ManagementPoint::ActiveDirectory;
  HeartbeatSettings properties = {};  // only those the request sets
};

struct OsInfo {
  std::string caption;  // "Windows Server 2008 Enterprise"
  std::string edition;  // "Enterprise", "Datacenter", "Standard", ...
  std::string version;  // "6.0.6001"
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

struct ServiceState {
  std::string name;  // "RemoteRegistry"
  bool running = true;
};

struct ServerFacts {
  std::string name;
  std::string domain;
  OsInfo os;
  std::vector<std::string> features;
  std::vector<NetworkAdapter> adapters;
  std::optional<std::string> clusterName;  // the cluster this server is a node of
  std::vector<ServiceState> services;
  std::vector<std::string> updates;      // installed updates ("KB950050")
  bool firewallAllowsClustering = true;  // the Failover Clusters firewall rules are enabled
  std::vector<std::string> sharedDisks;  // LUNs this server sees on shared storage
  bool restartPending = false;

  bool hasFeature(const std::string& feature) const;
  const ServiceState* findService(const std::string& service) const;
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

// A node's adapter on a cluster network.
struct NetworkInterface {
  std::string node;
  std::string adapter;
  Ipv4Address address;
};

struct ClusterNetwork {
  std::string name;
  Subnet subnet;
  NetworkRole role = NetworkRole::ClusterAndClient;
  uint32_t metric = 0;
  bool autoMetric = true;
  std::vector<NetworkInterface> interfaces;
};

// Windows' limits on the Metric property of a cluster network.
constexpr uint32_t kMinNetworkMetric = 1;
constexpr uint32_t kMaxNetworkMetric = 0x0FFFFFFF;

// A shared disk the cluster owns ("Cluster Disk 1").
struct ClusterDisk {
  std::string name;
  bool online = true;
};

enum class WitnessType { None, Disk, FileShare, Cloud };

struct QuorumState {
  QuorumMode mode = QuorumMode::NodeMajority;
  WitnessType witnessType = WitnessType::None;
  std::string witness;  // disk name, share path (\\server\share) or storage account
  bool witnessOnline = false;
};

// What a configure-quorum job asks for. Exactly the fields the mode needs are set.
struct QuorumSettings {
  QuorumMode mode = QuorumMode::NodeMajority;
  std::string disk;            // nodeAndDiskMajority, diskOnly
  std::string sharePath;       // nodeAndFileShareMajority: \\server\share
  std::string cloudAccount;    // cloudWitness
  std::string cloudAccessKey;  // cloudWitness; a secret, never stored in clear
  std::string cloudEndpoint;   // cloudWitness; "core.windows.net" when empty
};

// The quorum a cluster reads back once `settings` are applied: the witness
// type each mode has, and the witness it names.
QuorumState quorumStateFor(const QuorumSettings& settings);

// Windows' warnings for a quorum mode on this many nodes (node majority on an
// even count, the single point of failure of disk only).
std::vector<std::string> quorumWarnings(QuorumMode mode, size_t nodeCount);

struct ClusterState {
  std::string name;
  std::string domain;
  ManagementPoint managementPoint = ManagementPoint::ActiveDirectory;
  // "CONTOSO\\EXCLUSTER$": the cluster name object in AD; empty for an
  // AD-detached cluster, which has no computer account.
  std::string computerAccount;
  std::vector<ClusterNodeState> nodes;
  std::vector<StaticAddress> addresses;
  // The Cluster Name resource's dependency on its IP Address resources:
  // "[Cluster IP Address]", or one address per client subnet joined with OR.
  std::string nameDependency;
  HeartbeatSettings heartbeat;  // all four, as read back
  std::vector<ClusterNetwork> networks;
  std::vector<ClusterDisk> disks;
  QuorumState quorum;

  std::vector<std::string> nodeNames() const;
  bool hasNode(const std::string& name) const;
  const ClusterNetwork* findNetwork(const std::string& name) const;
  const ClusterDisk* findDisk(const std::string& name) const;
  // Whether a static cluster address lies on the subnet (an IP Address resource depends on it).
  bool carriesClusterAddress(const Subnet& subnet) const;
};

// A computer object in Active Directory. Destroying a cluster leaves its
// cluster name object behind, disabled; creating a cluster of that name
// again takes it back.
struct ComputerObject {
  std::string name;  // "EXCLUSTER"
  bool enabled = true;
};

// Why evicting `node` from `cluster` would break it, or nullopt: it is the
// last node, or the nodes left up (with the witness) would not be a majority
// of the votes left, as CLUSCTL_CLUSTER_CHECK_VOTER_EVICT answers.
std::optional<std::string> evictionProblem(const ClusterState& cluster, const std::string& node);

// Rights in the vocabulary of the Windows permission dialogs. Share
// permissions use fullControl/change/read; NTFS ones fullControl/modify/read.
enum class Access { Read, Change, Modify, FullControl };

struct AccessEntry {
  std::string account;  // "CONTOSO\\EXCLUSTER$", "BUILTIN\\Administrators", "Everyone"
  Access access = Access::Read;

  bool operator==(const AccessEntry& o) const;
};

struct FolderState {
  std::string path;  // server-local: C:\\FSM_MBX
  std::vector<AccessEntry> acl;
};

struct ShareState {
  std::string name;
  std::string path;
  std::vector<AccessEntry> permissions;
  // The share's comment (shi2_remark). ClusterForge marks the witness shares
  // it makes here, so that destroying the cluster removes those and no other.
  std::string remark = "";
};

// Whether the entries give `account` at least `needed` (directly or through Everyone).
bool grants(const std::vector<AccessEntry>& entries, const std::string& account, Access needed);

// Whether `account` can write through the share to its folder: Change on the
// share and Modify on the folder (null when the folder is gone: it cannot).
bool canWriteThrough(const ShareState& share, const FolderState* folder, const std::string& account);

// "A, B, C": names as messages show them.
std::string joinNames(const std::vector<std::string>& names);

// True when both lists name the same nodes, in any order and case.
bool sameNodeSet(const std::vector<std::string>& a, const std::vector<std::string>& b);

}  // namespace cf
