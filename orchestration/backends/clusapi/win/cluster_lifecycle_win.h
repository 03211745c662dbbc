// A cluster's life after CreateCluster, through ClusAPI: joining a node
// (AddClusterNode), evicting one (EvictClusterNodeEx, which also cleans the
// node up), destroying the cluster (every group offline, then DestroyCluster)
// and its heartbeat settings (cluster common properties through
// ClusterControl). Another piece of ClusapiBackend.
//
// AddClusterNode and DestroyCluster report through the same setup progress
// callback as CreateCluster: Warning phases are returned, a Fatal one throws.
#pragma once

#include <string>
#include <vector>

#include "orchestration/backends/clusapi/win/clusapi_library_win.h"
#include "orchestration/model/cluster_model.h"
#include "orchestration/model/operation_context.h"

namespace cf::clusapi {

constexpr DWORD kClusterEnumGroup = 0x8;
constexpr DWORD kClusterGetCommonProperties = 0x07000059;
constexpr DWORD kClusterSetCommonProperties = 0x0740005E;
// EvictClusterNodeEx: the node left the cluster but its cleanup did not finish.
constexpr DWORD kEvictWithoutCleanup = 5896;
constexpr DWORD kEvictCleanupTimeoutMs = 60000;

std::vector<std::string> addClusterNode(const ClusapiFunctions& api, const std::string& cluster,
                                        const std::string& node, const OperationContext& ctx);
// Returns a warning when the node was evicted but not cleaned up.
std::vector<std::string> evictClusterNode(const ClusapiFunctions& api, const std::string& cluster,
                                          const std::string& node);
std::vector<std::string> destroyCluster(const ClusapiFunctions& api, const std::string& cluster,
                                        const OperationContext& ctx);

HeartbeatSettings readHeartbeat(const ClusapiFunctions& api, const std::string& cluster);
void setHeartbeat(const ClusapiFunctions& api, const std::string& cluster, const HeartbeatSettings& settings);

}  // namespace cf::clusapi
