#include "orchestration/backends/clusapi/win/clusapi_library_win.h"

#include <utility>

namespace cf::clusapi {

namespace {

template <typename Fn>
void resolve(HMODULE module, const char* name, Fn& slot, std::vector<std::string>& missing) {
  FARPROC address = GetProcAddress(module, name);
  if (!address) {
    missing.push_back(name);
    return;
  }
  // GetProcAddress returns a generic pointer; the slot's type is the function's.
  slot = reinterpret_cast<Fn>(reinterpret_cast<void (*)()>(address));
}

}  // namespace

ClusapiLibrary ClusapiLibrary::load(const wchar_t* dll) {
  ClusapiLibrary library;
  library.module_ = LoadLibraryW(dll);
  if (!library.module_) {
    library.problem_ = "clusapi.dll cannot be loaded (Win32 error " + std::to_string(GetLastError()) +
                       "): install the Failover Clustering tools (RSAT-Clustering) on this server";
    return library;
  }
  auto& f = library.functions_;
  auto& m = library.missing_;
  resolve(library.module_, "OpenCluster", f.OpenCluster, m);
  resolve(library.module_, "CloseCluster", f.CloseCluster, m);
  resolve(library.module_, "CreateCluster", f.CreateCluster, m);
  resolve(library.module_, "GetNodeClusterState", f.GetNodeClusterState, m);
  resolve(library.module_, "ClusterOpenEnum", f.ClusterOpenEnum, m);
  resolve(library.module_, "ClusterEnum", f.ClusterEnum, m);
  resolve(library.module_, "ClusterCloseEnum", f.ClusterCloseEnum, m);
  resolve(library.module_, "OpenClusterNetwork", f.OpenClusterNetwork, m);
  resolve(library.module_, "CloseClusterNetwork", f.CloseClusterNetwork, m);
  resolve(library.module_, "SetClusterNetworkName", f.SetClusterNetworkName, m);
  resolve(library.module_, "ClusterNetworkControl", f.ClusterNetworkControl, m);
  resolve(library.module_, "OpenClusterGroup", f.OpenClusterGroup, m);
  resolve(library.module_, "CloseClusterGroup", f.CloseClusterGroup, m);
  resolve(library.module_, "CreateClusterResource", f.CreateClusterResource, m);
  resolve(library.module_, "CloseClusterResource", f.CloseClusterResource, m);
  resolve(library.module_, "ClusterResourceControl", f.ClusterResourceControl, m);
  resolve(library.module_, "OnlineClusterResource", f.OnlineClusterResource, m);
  resolve(library.module_, "SetClusterQuorumResource", f.SetClusterQuorumResource, m);
  resolve(library.module_, "OpenClusterResource", f.OpenClusterResource, m);
  resolve(library.module_, "GetClusterQuorumResource", f.GetClusterQuorumResource, m);
  resolve(library.module_, "OpenClusterNode", f.OpenClusterNode, m);
  resolve(library.module_, "CloseClusterNode", f.CloseClusterNode, m);
  resolve(library.module_, "GetClusterNodeState", f.GetClusterNodeState, m);
  resolve(library.module_, "GetClusterResourceState", f.GetClusterResourceState, m);
  resolve(library.module_, "AddClusterNode", f.AddClusterNode, m);
  resolve(library.module_, "EvictClusterNodeEx", f.EvictClusterNodeEx, m);
  resolve(library.module_, "DestroyCluster", f.DestroyCluster, m);
  resolve(library.module_, "OfflineClusterGroup", f.OfflineClusterGroup, m);
  resolve(library.module_, "ClusterControl", f.ClusterControl, m);
  resolve(library.module_, "GetClusterResourceDependencyExpression", f.GetClusterResourceDependencyExpression, m);
  if (!m.empty()) {
    std::string list;
    for (const auto& name : m) list += (list.empty() ? "" : ", ") + name;
    library.problem_ = "clusapi.dll on this server lacks " + list +
                       ": install the Failover Clustering tools of Windows Server 2008 or later";
  }
  return library;
}

ClusapiLibrary::ClusapiLibrary(ClusapiLibrary&& other) noexcept
    : module_(std::exchange(other.module_, nullptr)),
      functions_(other.functions_),
      missing_(std::move(other.missing_)),
      problem_(std::move(other.problem_)) {}

ClusapiLibrary::~ClusapiLibrary() {
  if (module_) FreeLibrary(module_);
}

}  // namespace cf::clusapi
