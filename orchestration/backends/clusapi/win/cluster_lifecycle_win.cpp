#include "orchestration/backends/clusapi/win/cluster_lifecycle_win.h"

#include <objbase.h>

#include "orchestration/backends/clusapi/property_list.h"
#include "orchestration/backends/clusapi/win/cluster_connection_win.h"
#include "orchestration/backends/clusapi/win/cluster_creation_win.h"
#include "orchestration/model/win32_error.h"

namespace cf::clusapi {

namespace {

// AddClusterNode and DestroyCluster use COM, as CreateCluster does.
class ComScope {
 public:
  ComScope() : result_(CoInitializeEx(nullptr, COINIT_MULTITHREADED | COINIT_DISABLE_OLE1DDE)) {}
  ~ComScope() {
    if (SUCCEEDED(result_)) CoUninitialize();
  }
  ComScope(const ComScope&) = delete;
  ComScope& operator=(const ComScope&) = delete;

 private:
  HRESULT result_;
};

}  // namespace

std::vector<std::string> addClusterNode(const ClusapiFunctions& api, const std::string& cluster,
                                        const std::string& node, const OperationContext& ctx) {
  ctx.checkpoint();
  ComScope com;
  ClusterConnection connection(api, cluster);
  SetupProgress progress{&ctx, {}, ERROR_SUCCESS, ""};
  HNODE added = api.AddClusterNode(connection.handle(), toWide(node).c_str(), reinterpret_cast<void*>(&onSetupProgress),
                                   &progress);
  DWORD error = added ? ERROR_SUCCESS : GetLastError();
  if (added) api.CloseClusterNode(added);
  progress.throwIfFatal("adding " + node + " to " + cluster);
  if (!added) throwWin32(error, "adding " + node + " to " + cluster + " failed");
  return progress.warnings;
}

std::vector<std::string> evictClusterNode(const ClusapiFunctions& api, const std::string& cluster,
                                          const std::string& node) {
  ClusterConnection connection(api, cluster);
  HNODE handle = api.OpenClusterNode(connection.handle(), toWide(node).c_str());
  if (!handle) throwWin32(GetLastError(), "cannot open node " + node + " of " + cluster);
  HRESULT cleanup = S_OK;
  DWORD status = api.EvictClusterNodeEx(handle, kEvictCleanupTimeoutMs, &cleanup);
  api.CloseClusterNode(handle);
  if (status == kEvictWithoutCleanup) {
    return {node + " was evicted but its cleanup did not finish (HRESULT " + std::to_string(cleanup) +
            "); run Clear-ClusterNode on it before it joins another cluster"};
  }
  if (status != ERROR_SUCCESS) throwWin32(status, "evicting " + node + " from " + cluster + " failed");
  return {};
}

std::vector<std::string> destroyCluster(const ClusapiFunctions& api, const std::string& cluster,
                                        const OperationContext& ctx) {
  ctx.checkpoint();
  ComScope com;
  ClusterConnection connection(api, cluster);
  // Groups first, as Remove-Cluster does: roles stop cleanly before the
  // cluster goes. ERROR_IO_PENDING means "going offline", which is enough.
  for (const auto& group : enumerate(connection, kClusterEnumGroup)) {
    HGROUP handle = api.OpenClusterGroup(connection.handle(), toWide(group).c_str());
    if (!handle) throwWin32(GetLastError(), "cannot open group '" + group + "' of " + cluster);
    DWORD status = api.OfflineClusterGroup(handle);
    api.CloseClusterGroup(handle);
    if (status != ERROR_SUCCESS && status != ERROR_IO_PENDING) {
      throwWin32(status, "taking group '" + group + "' of " + cluster + " offline failed");
    }
    ctx.progress(10, "group '" + group + "' offline");
  }
  SetupProgress progress{&ctx, {}, ERROR_SUCCESS, ""};
  DWORD status = api.DestroyCluster(connection.handle(), reinterpret_cast<void*>(&onSetupProgress), &progress, FALSE);
  progress.throwIfFatal("destroying " + cluster);
  if (status != ERROR_SUCCESS) throwWin32(status, "destroying " + cluster + " failed");
  return progress.warnings;
}

HeartbeatSettings readHeartbeat(const ClusapiFunctions& api, const std::string& cluster) {
  ClusterConnection connection(api, cluster);
  auto bytes = controlOutput(
      [&](void* out, DWORD size, DWORD* returned) {
        return api.ClusterControl(connection.handle(), nullptr, kClusterGetCommonProperties, nullptr, 0, out, size,
                                  returned);
      },
      "reading the common properties of " + cluster);
  auto properties = decodePropertyList(bytes);
  HeartbeatSettings out;
  for (const auto& p : heartbeatProperties()) {
    if (auto value = dwordProperty(properties, p.windowsName)) out[p.name] = *value;
  }
  return out;
}

void setHeartbeat(const ClusapiFunctions& api, const std::string& cluster, const HeartbeatSettings& settings) {
  std::vector<Property> list;
  for (const auto& [name, value] : settings) {
    const HeartbeatProperty* property = findHeartbeatProperty(name);
    if (!property) throwWin32(win32::kInvalidParameter, "no cluster property " + name);
    list.push_back({property->windowsName, {value}});
  }
  auto bytes = encodePropertyList(list);
  ClusterConnection connection(api, cluster);
  DWORD returned = 0;
  DWORD status = api.ClusterControl(connection.handle(), nullptr, kClusterSetCommonProperties, bytes.data(),
                                    static_cast<DWORD>(bytes.size()), nullptr, 0, &returned);
  if (status != ERROR_SUCCESS) throwWin32(status, "setting the heartbeat properties of " + cluster);
}

}  // namespace cf::clusapi
