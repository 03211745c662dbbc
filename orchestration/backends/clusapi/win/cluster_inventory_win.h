// What a cluster has, through ClusAPI: its nodes and their state, its static
// IP addresses (the "IP Address" resources), its disks ("Physical Disk"
// resources, online or not), and its name's identity (the "Network Name"
// resource whose Name is the cluster's: an ObjectGUID when AD holds a
// computer object for it, and its DnsSuffix, 2012 R2 and later). Another piece of ClusapiBackend
// (clusapi_backend_win.h); with ClusterNetworks and ClusterQuorum it gives findCluster its answer.
//
// Calls: ClusterOpenEnum with CLUSTER_ENUM_NODE and CLUSTER_ENUM_RESOURCE;
// OpenClusterNode + GetClusterNodeState; ClusterResourceControl with
// CLUSCTL_RESOURCE_GET_RESOURCE_TYPE and GET_PRIVATE_PROPERTIES (Address,
// SubnetMask; Name, ObjectGUID, DnsSuffix); GetClusterResourceState;
// GetClusterResourceDependencyExpression.
#pragma once

#include <string>
#include <vector>

#include "orchestration/backends/clusapi/win/cluster_connection_win.h"
#include "orchestration/model/cluster_model.h"

namespace cf::clusapi {

constexpr DWORD kClusterEnumNode = 0x1;
constexpr DWORD kClusterEnumResource = 0x4;
constexpr DWORD kResourceGetResourceType = 0x0100002D;
// CLUSTER_NODE_STATE and CLUSTER_RESOURCE_STATE values this code reads.
constexpr DWORD kNodeUp = 0, kNodeDown = 1, kNodePaused = 2;
constexpr DWORD kResourceOnline = 2;

struct ClusterInventory {
  std::vector<ClusterNodeState> nodes;
  std::vector<StaticAddress> addresses;
  std::vector<ClusterDisk> disks;
  bool hasComputerObject = false;
  std::string dnsSuffix;  // empty where Windows does not report it
  // GetClusterResourceDependencyExpression of the cluster's Network Name.
  std::string nameDependency;
};

ClusterInventory readInventory(const ClusapiFunctions& api, const std::string& cluster);

}  // namespace cf::clusapi
