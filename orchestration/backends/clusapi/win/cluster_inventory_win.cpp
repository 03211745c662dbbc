#include "orchestration/backends/clusapi/win/cluster_inventory_win.h"

#include "orchestration/backends/clusapi/property_list.h"
#include "orchestration/backends/clusapi/win/cluster_quorum_win.h"
#include "orchestration/model/computer_name.h"
#include "orchestration/model/win32_error.h"

namespace cf::clusapi {

namespace {

NodeState nodeState(const ClusterConnection& cluster, const std::string& node) {
  const auto& api = cluster.api();
  HNODE handle = api.OpenClusterNode(cluster.handle(), toWide(node).c_str());
  if (!handle) throwWin32(GetLastError(), "cannot open node " + node + " of " + cluster.name());
  DWORD state = api.GetClusterNodeState(handle);
  api.CloseClusterNode(handle);
  return state == kNodeUp ? NodeState::Up : state == kNodePaused ? NodeState::Paused : NodeState::Down;
}

std::string dependencyExpression(const ClusapiFunctions& api, HRESOURCE resource, const std::string& name) {
  std::wstring text(256, L'\0');
  DWORD chars = static_cast<DWORD>(text.size());
  DWORD status = api.GetClusterResourceDependencyExpression(resource, text.data(), &chars);
  if (status == ERROR_MORE_DATA) {
    text.assign(chars + 1, L'\0');
    chars = static_cast<DWORD>(text.size());
    status = api.GetClusterResourceDependencyExpression(resource, text.data(), &chars);
  }
  if (status != ERROR_SUCCESS) throwWin32(status, "cannot read the dependencies of resource '" + name + "'");
  return fromWide(text.c_str());
}

}  // namespace

ClusterInventory readInventory(const ClusapiFunctions& api, const std::string& clusterName) {
  ClusterConnection cluster(api, clusterName);
  ClusterInventory inventory;
  for (const auto& node : enumerate(cluster, kClusterEnumNode))
    inventory.nodes.push_back({node, nodeState(cluster, node)});

  for (const auto& name : enumerate(cluster, kClusterEnumResource)) {
    ResourceHandle resource{api, api.OpenClusterResource(cluster.handle(), toWide(name).c_str())};
    if (!resource.h) throwWin32(GetLastError(), "cannot open resource '" + name + "' of " + clusterName);
    auto control = [&](DWORD code) {
      return resourceControl(api, resource.h, code, "reading resource '" + name + "' of " + clusterName);
    };
    auto typeBytes = control(kResourceGetResourceType);
    std::wstring type(reinterpret_cast<const wchar_t*>(typeBytes.data()), typeBytes.size() / sizeof(wchar_t));
    type = type.c_str();  // up to its NUL
    if (type == L"IP Address") {
      auto props = decodePropertyList(control(kResourceGetPrivateProperties));
      auto address = Ipv4Address::parse(stringProperty(props, "Address").value_or(""));
      auto mask = Ipv4Address::parse(stringProperty(props, "SubnetMask").value_or(""));
      if (address && mask) inventory.addresses.push_back({*address, prefixLengthOf(*mask)});
    } else if (type == L"Network Name") {
      auto props = decodePropertyList(control(kResourceGetPrivateProperties));
      if (sameName(stringProperty(props, "Name").value_or(""), clusterName)) {
        inventory.hasComputerObject = !stringProperty(props, "ObjectGUID").value_or("").empty();
        inventory.dnsSuffix = stringProperty(props, "DnsSuffix").value_or("");
        inventory.nameDependency = dependencyExpression(api, resource.h, name);
      }
    } else if (type == L"Physical Disk") {
      DWORD state = api.GetClusterResourceState(resource.h, nullptr, nullptr, nullptr, nullptr);
      inventory.disks.push_back({name, state == kResourceOnline});
    }
  }
  return inventory;
}

}  // namespace cf::clusapi
