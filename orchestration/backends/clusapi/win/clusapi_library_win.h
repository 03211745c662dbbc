// clusapi.dll, loaded at run time (LoadLibraryW + GetProcAddress) with the
// project's own declarations of the functions the ClusAPI backend calls.
//
// Why not link it: mingw-w64's clusapi.h does not compile at the Windows
// versions we target and hides CreateCluster (CLUSAPI-NOTES.md), and a host
// without the Failover Clustering tools must get a clear message from
// /readyz and from every job rather than a service that fails to start.
// load() never throws: it records what is missing, and available()/problem()
// say so in words an operator can act on.
#pragma once

#include <windows.h>

#include <string>
#include <vector>

namespace cf::clusapi {

// Opaque handles, as in clusapi.h.
using HCLUSTER = struct HCLUSTER_*;
using HNODE = struct HNODE_*;
using HNETWORK = struct HNETWORK_*;
using HRESOURCE = struct HRESOURCE_*;
using HGROUP = struct HGROUP_*;
using HCLUSENUM = struct HCLUSENUM_*;

struct ClusapiFunctions {
  HCLUSTER(WINAPI* OpenCluster)(LPCWSTR clusterName) = nullptr;
  BOOL(WINAPI* CloseCluster)(HCLUSTER cluster) = nullptr;
  HCLUSTER(WINAPI* CreateCluster)(void* config, void* callback, void* context) = nullptr;
  DWORD(WINAPI* GetNodeClusterState)(LPCWSTR node, DWORD* state) = nullptr;
  HCLUSENUM(WINAPI* ClusterOpenEnum)(HCLUSTER cluster, DWORD type) = nullptr;
  DWORD(WINAPI* ClusterEnum)(HCLUSENUM handle, DWORD index, DWORD* type, LPWSTR name, DWORD* chars) = nullptr;
  DWORD(WINAPI* ClusterCloseEnum)(HCLUSENUM handle) = nullptr;
  HNETWORK(WINAPI* OpenClusterNetwork)(HCLUSTER cluster, LPCWSTR network) = nullptr;
  BOOL(WINAPI* CloseClusterNetwork)(HNETWORK network) = nullptr;
  DWORD(WINAPI* SetClusterNetworkName)(HNETWORK network, LPCWSTR name) = nullptr;
  DWORD(WINAPI* ClusterNetworkControl)
  (HNETWORK network, HNODE node, DWORD code, void* in, DWORD inSize, void* out, DWORD outSize,
   DWORD* returned) = nullptr;
  HGROUP(WINAPI* OpenClusterGroup)(HCLUSTER cluster, LPCWSTR group) = nullptr;
  BOOL(WINAPI* CloseClusterGroup)(HGROUP group) = nullptr;
  HRESOURCE(WINAPI* CreateClusterResource)(HGROUP group, LPCWSTR name, LPCWSTR type, DWORD flags) = nullptr;
  BOOL(WINAPI* CloseClusterResource)(HRESOURCE resource) = nullptr;
  DWORD(WINAPI* ClusterResourceControl)
  (HRESOURCE resource, HNODE node, DWORD code, void* in, DWORD inSize, void* out, DWORD outSize,
   DWORD* returned) = nullptr;
  DWORD(WINAPI* OnlineClusterResource)(HRESOURCE resource) = nullptr;
  DWORD(WINAPI* SetClusterQuorumResource)(HRESOURCE resource, LPCWSTR device, DWORD maxLogSize) = nullptr;
  HRESOURCE(WINAPI* OpenClusterResource)(HCLUSTER cluster, LPCWSTR resource) = nullptr;
  HNODE(WINAPI* OpenClusterNode)(HCLUSTER cluster, LPCWSTR node) = nullptr;
  BOOL(WINAPI* CloseClusterNode)(HNODE node) = nullptr;
  DWORD(WINAPI* GetClusterNodeState)(HNODE node) = nullptr;
  DWORD(WINAPI* GetClusterResourceState)
  (HRESOURCE resource, LPWSTR node, DWORD* nodeChars, LPWSTR group, DWORD* groupChars) = nullptr;
  HNODE(WINAPI* AddClusterNode)(HCLUSTER cluster, LPCWSTR node, void* callback, void* context) = nullptr;
  DWORD(WINAPI* EvictClusterNodeEx)(HNODE node, DWORD timeoutMs, HRESULT* cleanupStatus) = nullptr;
  DWORD(WINAPI* DestroyCluster)(HCLUSTER cluster, void* callback, void* context, BOOL deleteVcos) = nullptr;
  DWORD(WINAPI* OfflineClusterGroup)(HGROUP group) = nullptr;
  DWORD(WINAPI* ClusterControl)
  (HCLUSTER cluster, HNODE node, DWORD code, void* in, DWORD inSize, void* out, DWORD outSize,
   DWORD* returned) = nullptr;
  DWORD(WINAPI* GetClusterResourceDependencyExpression)
  (HRESOURCE resource, LPWSTR expression, DWORD* chars) = nullptr;
  DWORD(WINAPI* GetClusterQuorumResource)
  (HCLUSTER cluster, LPWSTR resource, DWORD* resourceChars, LPWSTR device, DWORD* deviceChars,
   DWORD* quorumType) = nullptr;
};

class ClusapiLibrary {
 public:
  // Loads `dll` (clusapi.dll by default) and resolves every function.
  static ClusapiLibrary load(const wchar_t* dll = L"clusapi.dll");

  ClusapiLibrary(ClusapiLibrary&& other) noexcept;
  ClusapiLibrary& operator=(ClusapiLibrary&&) = delete;
  ClusapiLibrary(const ClusapiLibrary&) = delete;
  ~ClusapiLibrary();

  bool available() const { return problem_.empty(); }
  // Empty when available; else what is wrong and what to do about it.
  const std::string& problem() const { return problem_; }
  const std::vector<std::string>& missingFunctions() const { return missing_; }
  const ClusapiFunctions& functions() const { return functions_; }

 private:
  ClusapiLibrary() = default;

  HMODULE module_ = nullptr;
  ClusapiFunctions functions_;
  std::vector<std::string> missing_;
  std::string problem_;
};

}  // namespace cf::clusapi
