// The cluster networks of one cluster, through ClusAPI: enumerate them with
// their role, metric and subnet, rename one, set its role or metric. One
// piece of ClusapiBackend (clusapi_backend_win.h).
//
// Calls and codes (CLUSAPI-NOTES.md): ClusterOpenEnum(CLUSTER_ENUM_NETWORK) /
// ClusterEnum / ClusterCloseEnum; ClusterNetworkControl with
// GET_COMMON_PROPERTIES and GET_RO_COMMON_PROPERTIES (retried with the size
// asked for on ERROR_MORE_DATA) and SET_COMMON_PROPERTIES with a property
// list; SetClusterNetworkName. Failures throw BackendFailure with the Win32 code.
#pragma once

#include <string>
#include <vector>

#include "orchestration/backends/clusapi/win/cluster_connection_win.h"
#include "orchestration/model/cluster_model.h"

namespace cf::clusapi {

constexpr DWORD kClusterEnumNetwork = 0x10;
constexpr DWORD kNetworkGetCommonProperties = 0x05000059;
constexpr DWORD kNetworkGetReadOnlyCommonProperties = 0x05000055;
constexpr DWORD kNetworkSetCommonProperties = 0x0540005E;

class ClusterNetworks {
 public:
  ClusterNetworks(const ClusapiFunctions& api, const std::string& cluster) : cluster_(api, cluster) {}

  std::vector<ClusterNetwork> list();
  void rename(const std::string& network, const std::string& newName);
  void setRole(const std::string& network, NetworkRole role);
  void setMetric(const std::string& network, uint32_t metric);

 private:
  HNETWORK open(const std::string& network);
  std::vector<uint8_t> control(HNETWORK network, DWORD code, const std::vector<uint8_t>& in);
  void setDword(const std::string& network, const std::string& property, uint32_t value);

  ClusterConnection cluster_;
};

}  // namespace cf::clusapi
