#include "orchestration/backends/clusapi/win/cluster_creation_win.h"

#include <objbase.h>

#include <algorithm>

#include "orchestration/backends/clusapi/win/cluster_connection_win.h"
#include "orchestration/model/win32_error.h"

namespace cf::clusapi {

BOOL WINAPI onSetupProgress(void* context, DWORD phase, DWORD, DWORD severity, DWORD percent, PCWSTR object,
                            DWORD status) {
  auto* p = static_cast<SetupProgress*>(context);
  std::string name = object ? fromWide(object) : "";
  if (severity == kSeverityFatal) {
    p->fatalStatus = status ? status : ERROR_GEN_FAILURE;
    p->fatalObject = name;
  } else if (severity == kSeverityWarning) {
    p->warnings.push_back("setup phase " + std::to_string(phase) + (name.empty() ? "" : ": " + name) +
                          (status ? " (" + win32ErrorName(status) + ")" : ""));
  }
  p->ctx->progress(static_cast<int>(std::min<DWORD>(percent, 100)),
                   "setup phase " + std::to_string(phase) + (name.empty() ? "" : ": " + name));
  // The return value is documented as "TBD": cancelling through it is not relied on.
  return TRUE;
}

void SetupProgress::throwIfFatal(const std::string& what) const {
  if (fatalStatus != ERROR_SUCCESS)
    throwWin32(fatalStatus, what + " failed" + (fatalObject.empty() ? "" : " at " + fatalObject));
}

NodeClusterState nodeClusterState(const ClusapiFunctions& api, const std::string& node) {
  DWORD state = 0;
  DWORD status = api.GetNodeClusterState(toWide(node).c_str(), &state);
  if (status != ERROR_SUCCESS) throwWin32(status, "cannot ask " + node + " for its cluster state");
  switch (state) {
    case kNodeStateNotInstalled: return NodeClusterState::NotInstalled;
    case kNodeStateNotConfigured: return NodeClusterState::NotConfigured;
    case kNodeStateNotRunning: return NodeClusterState::NotRunning;
    default: return NodeClusterState::Running;
  }
}

std::vector<std::string> createCluster(const ClusapiFunctions& api, const ClusterSpec& spec,
                                       const OperationContext& ctx) {
  ctx.checkpoint();
  // CreateCluster uses COM; a thread that already initialised it gets S_FALSE, which is fine.
  HRESULT com = CoInitializeEx(nullptr, COINIT_MULTITHREADED | COINIT_DISABLE_OLE1DDE);
  std::wstring name = toWide(spec.name);
  std::vector<std::wstring> nodes;
  for (const auto& n : spec.nodes) nodes.push_back(toWide(n));
  std::vector<PCWSTR> nodePointers;
  for (const auto& n : nodes) nodePointers.push_back(n.c_str());
  std::vector<std::wstring> addresses;
  for (const auto& a : spec.staticAddresses) addresses.push_back(toWide(a.address.toString()));
  std::vector<ClusterIpEntry> entries;
  for (size_t i = 0; i < addresses.size(); ++i) {
    entries.push_back({addresses[i].c_str(), static_cast<DWORD>(spec.staticAddresses[i].prefixLength)});
  }
  bool dns = spec.managementPoint == ManagementPoint::Dns;
  CreateClusterConfig config{dns ? kCreateClusterVersion2012R2 : kCreateClusterVersion2008,
                             name.c_str(),
                             static_cast<DWORD>(nodePointers.size()),
                             nodePointers.data(),
                             static_cast<DWORD>(entries.size()),
                             entries.data(),
                             FALSE,
                             dns ? kManagementPointDnsOnly : kManagementPointCno};
  SetupProgress progress{&ctx, {}, ERROR_SUCCESS, ""};
  HCLUSTER cluster = api.CreateCluster(&config, reinterpret_cast<void*>(&onSetupProgress), &progress);
  DWORD error = cluster ? ERROR_SUCCESS : GetLastError();
  if (cluster) api.CloseCluster(cluster);
  if (SUCCEEDED(com)) CoUninitialize();
  progress.throwIfFatal("creating cluster " + spec.name);
  if (!cluster) throwWin32(error, "creating cluster " + spec.name + " failed");
  return progress.warnings;
}

}  // namespace cf::clusapi
