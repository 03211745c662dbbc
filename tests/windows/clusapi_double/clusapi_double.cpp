// A test double of clusapi.dll: the ClusAPI functions the backend calls,
// served from the simulator's lab model, so the real ClusAPI backend code
// runs under Wine against a cluster that obeys Windows' rules (the
// SimulatedBackend enforces them and its Win32 codes come back as ClusAPI's).
// Its lab is double_lab.h's; file_server_double.cpp serves the file server
// functions from the same lab.
#include <windows.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "orchestration/backends/clusapi/property_list.h"
#include "orchestration/backends/clusapi/utf16.h"
#include "orchestration/backends/clusapi/win/cluster_creation_win.h"
#include "orchestration/backends/clusapi/win/cluster_inventory_win.h"
#include "orchestration/backends/clusapi/win/cluster_lifecycle_win.h"
#include "orchestration/backends/clusapi/win/cluster_networks_win.h"
#include "orchestration/backends/clusapi/win/cluster_quorum_win.h"
#include "orchestration/model/features.h"
#include "orchestration/model/witness_path.h"
#include "orchestration/backends/simulated/simulated_backend.h"
#include "orchestration/model/win32_error.h"
#include "tests/windows/clusapi_double/double_lab.h"

using namespace cf;
using namespace cf::clusapi;

namespace {

struct ClusterHandle {
  std::string name;
};
struct NetworkHandle {
  std::string cluster, name;
};
struct EnumHandle {
  std::vector<std::string> names;
};
struct NodeHandle {
  NodeState state;
  std::string name, cluster;
};
struct GroupHandle {
  std::string cluster;
};
struct ResourceRef {
  std::string cluster, name;
};

// Witness resources created through the double: their type and private properties.
struct Resource {
  std::string type;
  std::vector<Property> properties;
  int pendingPolls = 0;  // GetClusterResourceState answers OnlinePending this many more times
};
std::map<std::string, Resource>& resources() {
  static std::map<std::string, Resource> created;
  return created;
}

sim::SimulatedBackend& lab() { return test::doubleLab(); }
OperationContext context() { return test::doubleContext(); }
using test::asWin32;
using test::narrow;

std::string ipResourceName(const StaticAddress& a) { return "Cluster IP Address " + a.address.toString(); }

// Every resource of the cluster, as (name, type): the core group's name and
// addresses, its disks, and the witness resources.
std::vector<std::pair<std::string, std::string>> resourcesOf(const std::string& cluster) {
  auto state = lab().findCluster(cluster, context());
  std::vector<std::pair<std::string, std::string>> out = {{"Cluster Name", "Network Name"}};
  for (const auto& a : state->addresses) out.push_back({ipResourceName(a), "IP Address"});
  for (const auto& d : state->disks) out.push_back({d.name, "Physical Disk"});
  if (state->quorum.witnessType == WitnessType::FileShare && !resources().count("File Share Witness")) {
    resources()["File Share Witness"] = Resource{"File Share Witness", {{"SharePath", {state->quorum.witness}}}};
  }
  for (const auto& [name, resource] : resources()) out.push_back({name, resource.type});
  return out;
}

// Copies `bytes` out as ClusAPI does: ERROR_MORE_DATA with the size needed when the buffer is short.
DWORD giveBack(const std::vector<uint8_t>& bytes, void* out, DWORD outSize, DWORD* returned) {
  *returned = static_cast<DWORD>(bytes.size());
  if (outSize < bytes.size()) return ERROR_MORE_DATA;
  std::copy(bytes.begin(), bytes.end(), static_cast<uint8_t*>(out));
  return ERROR_SUCCESS;
}

}  // namespace

extern "C" {

__declspec(dllexport) HCLUSTER WINAPI OpenCluster(LPCWSTR name) {
  std::string cluster = narrow(name);
  if (!lab().findCluster(cluster, context())) {
    SetLastError(RPC_S_SERVER_UNAVAILABLE);
    return nullptr;
  }
  return reinterpret_cast<HCLUSTER>(new ClusterHandle{cluster});
}

__declspec(dllexport) BOOL WINAPI CloseCluster(HCLUSTER cluster) {
  delete reinterpret_cast<ClusterHandle*>(cluster);
  return TRUE;
}

__declspec(dllexport) HCLUSENUM WINAPI ClusterOpenEnum(HCLUSTER cluster, DWORD type) {
  std::string name = reinterpret_cast<ClusterHandle*>(cluster)->name;
  auto state = lab().findCluster(name, context());
  auto* e = new EnumHandle;
  if (type == kClusterEnumNetwork) {
    for (const auto& n : state->networks) e->names.push_back(n.name);
  } else if (type == kClusterEnumNode) {
    for (const auto& n : state->nodes) e->names.push_back(n.name);
  } else if (type == kClusterEnumResource) {
    for (const auto& [resource, kind] : resourcesOf(name)) e->names.push_back(resource);
  } else if (type == kClusterEnumGroup) {
    e->names = {"Cluster Group", "Available Storage"};
  } else {
    delete e;
    SetLastError(ERROR_INVALID_PARAMETER);
    return nullptr;
  }
  return reinterpret_cast<HCLUSENUM>(e);
}

__declspec(dllexport) HNODE WINAPI OpenClusterNode(HCLUSTER cluster, LPCWSTR node) {
  std::string name = narrow(node);
  auto state = lab().findCluster(reinterpret_cast<ClusterHandle*>(cluster)->name, context());
  for (const auto& n : state->nodes) {
    if (n.name == name) {
      return reinterpret_cast<HNODE>(new NodeHandle{n.state, n.name, reinterpret_cast<ClusterHandle*>(cluster)->name});
    }
  }
  SetLastError(ERROR_CLUSTER_NODE_NOT_FOUND);
  return nullptr;
}

__declspec(dllexport) BOOL WINAPI CloseClusterNode(HNODE node) {
  delete reinterpret_cast<NodeHandle*>(node);
  return TRUE;
}

__declspec(dllexport) DWORD WINAPI GetClusterNodeState(HNODE node) {
  switch (reinterpret_cast<NodeHandle*>(node)->state) {
    case NodeState::Up: return kNodeUp;
    case NodeState::Down: return kNodeDown;
    case NodeState::Paused: return kNodePaused;
  }
  return kNodeDown;
}

__declspec(dllexport) DWORD WINAPI GetClusterResourceState(HRESOURCE resource, LPWSTR, DWORD*, LPWSTR, DWORD*) {
  auto* r = reinterpret_cast<ResourceRef*>(resource);
  auto pending = resources().find(r->name);
  if (pending != resources().end() && pending->second.pendingPolls > 0) {
    --pending->second.pendingPolls;
    return 129;  // ClusterResourceOnlinePending
  }
  auto state = lab().findCluster(r->cluster, context());  // kept: findDisk points into it
  const ClusterDisk* disk = state->findDisk(r->name);
  return disk && !disk->online ? 3 /* offline */ : kResourceOnline;
}

__declspec(dllexport) DWORD WINAPI ClusterEnum(HCLUSENUM handle, DWORD index, DWORD* type, LPWSTR name, DWORD* chars) {
  auto* e = reinterpret_cast<EnumHandle*>(handle);
  if (index >= e->names.size()) return ERROR_NO_MORE_ITEMS;
  std::u16string text = toUtf16(e->names[index]);
  *type = kClusterEnumNetwork;
  if (*chars < text.size() + 1) {
    *chars = static_cast<DWORD>(text.size());
    return ERROR_MORE_DATA;
  }
  for (size_t i = 0; i < text.size(); ++i) name[i] = static_cast<wchar_t>(text[i]);
  name[text.size()] = 0;
  *chars = static_cast<DWORD>(text.size());
  return ERROR_SUCCESS;
}

__declspec(dllexport) DWORD WINAPI ClusterCloseEnum(HCLUSENUM handle) {
  delete reinterpret_cast<EnumHandle*>(handle);
  return ERROR_SUCCESS;
}

__declspec(dllexport) HNETWORK WINAPI OpenClusterNetwork(HCLUSTER cluster, LPCWSTR network) {
  std::string clusterName = reinterpret_cast<ClusterHandle*>(cluster)->name;
  std::string name = narrow(network);
  auto state = lab().findCluster(clusterName, context());
  if (!state || !state->findNetwork(name)) {
    SetLastError(ERROR_CLUSTER_NETWORK_NOT_FOUND);
    return nullptr;
  }
  return reinterpret_cast<HNETWORK>(new NetworkHandle{clusterName, name});
}

__declspec(dllexport) BOOL WINAPI CloseClusterNetwork(HNETWORK network) {
  delete reinterpret_cast<NetworkHandle*>(network);
  return TRUE;
}

__declspec(dllexport) DWORD WINAPI SetClusterNetworkName(HNETWORK network, LPCWSTR name) {
  auto* n = reinterpret_cast<NetworkHandle*>(network);
  std::string newName = narrow(name);
  DWORD status = asWin32([&] { lab().renameClusterNetwork(n->cluster, n->name, newName, context()); });
  if (status == ERROR_SUCCESS) n->name = newName;
  return status;
}

__declspec(dllexport) DWORD WINAPI ClusterNetworkControl(HNETWORK network, HNODE, DWORD code, void* in, DWORD inSize,
                                                         void* out, DWORD outSize, DWORD* returned) {
  auto* n = reinterpret_cast<NetworkHandle*>(network);
  auto state = lab().findCluster(n->cluster, context());
  const ClusterNetwork* net = state ? state->findNetwork(n->name) : nullptr;
  if (!net) return ERROR_CLUSTER_NETWORK_NOT_FOUND;
  switch (code) {
    case kNetworkGetCommonProperties:
      return giveBack(encodePropertyList({{"Name", {net->name}},
                                          {"Role", {static_cast<uint32_t>(net->role)}},
                                          {"Metric", {net->metric}},
                                          {"AutoMetric", {uint32_t{net->autoMetric ? 1u : 0u}}}}),
                      out, outSize, returned);
    case kNetworkGetReadOnlyCommonProperties:
      return giveBack(
          encodePropertyList({{"Address", {net->subnet.network().toString()}},
                              {"AddressMask", {Ipv4Address(prefixMask(net->subnet.prefixLength())).toString()}}}),
          out, outSize, returned);
    case kNetworkSetCommonProperties: {
      std::vector<uint8_t> bytes(static_cast<uint8_t*>(in), static_cast<uint8_t*>(in) + inSize);
      *returned = 0;
      return asWin32([&] {
        for (const auto& p : decodePropertyList(bytes)) {
          auto value = dwordProperty({p}, p.name);
          if (!value) throw BackendFailure(ERROR_INVALID_PARAMETER, p.name + " takes a DWORD");
          if (p.name == "Role")
            lab().setClusterNetworkRole(n->cluster, n->name, static_cast<NetworkRole>(*value), context());
          else if (p.name == "Metric") lab().setClusterNetworkMetric(n->cluster, n->name, *value, context());
          else throw BackendFailure(ERROR_INVALID_PARAMETER, p.name + " is not a property this double sets");
        }
      });
    }
    default: return ERROR_INVALID_FUNCTION;
  }
}

__declspec(dllexport) DWORD WINAPI GetNodeClusterState(LPCWSTR node, DWORD* state) {
  return asWin32([&] {
    switch (lab().getNodeClusterState(narrow(node), context())) {
      case NodeClusterState::NotInstalled: *state = kNodeStateNotInstalled; break;
      case NodeClusterState::NotConfigured: *state = kNodeStateNotConfigured; break;
      case NodeClusterState::NotRunning: *state = kNodeStateNotRunning; break;
      case NodeClusterState::Running: *state = kNodeStateRunning; break;
    }
  });
}

// Runs a simulator change as a ClusAPI setup call does (CreateCluster,
// AddClusterNode, DestroyCluster): its phases through the caller's progress
// callback from `firstPhase` on, Informational while it goes, Warning for
// what the simulator warns of (the phase names its object, so the double
// puts the simulator's words there), Fatal with the Win32 code when it fails.
DWORD withSetupProgress(void* callback, void* callbackContext, const std::string& object, DWORD firstPhase,
                        const std::function<void(const OperationContext&)>& call) {
  auto report = reinterpret_cast<SetupProgressCallback>(callback);
  std::wstring name = toWide(object);
  DWORD phase = firstPhase;
  OperationContext ctx(
      std::make_shared<StopFlag>(), std::make_shared<StopFlag>(),
      OperationContext::Clock::now() + std::chrono::seconds(60),
      [&](int percent, const std::string&) {
        report(callbackContext, ++phase, 2, kSeverityInformational, static_cast<DWORD>(percent), name.c_str(),
               ERROR_SUCCESS);
      },
      [&](const std::string& warning) {
        std::wstring text = toWide(warning);
        report(callbackContext, ++phase, 2, kSeverityWarning, 100, text.c_str(), ERROR_SUCCESS);
      });
  DWORD status = asWin32([&] { call(ctx); });
  if (status != ERROR_SUCCESS) report(callbackContext, 999, 3, kSeverityFatal, 100, name.c_str(), status);
  return status;
}

// The simulator's creation, reported as CreateCluster reports it, ending
// with the last setup phase.
__declspec(dllexport) HCLUSTER WINAPI CreateCluster(void* configuration, void* callback, void* callbackContext) {
  const auto* config = static_cast<const CreateClusterConfig*>(configuration);
  auto report = reinterpret_cast<SetupProgressCallback>(callback);
  ClusterSpec spec;
  spec.name = narrow(config->lpszClusterName);
  for (DWORD i = 0; i < config->cNodes; ++i) spec.nodes.push_back(narrow(config->ppszNodeNames[i]));
  for (DWORD i = 0; i < config->cIpEntries; ++i) {
    auto address = Ipv4Address::parse(narrow(config->pIpEntries[i].lpszIpAddress));
    if (!address) {
      SetLastError(ERROR_INVALID_PARAMETER);
      return nullptr;
    }
    spec.staticAddresses.push_back({*address, static_cast<int>(config->pIpEntries[i].dwPrefixLength)});
  }
  if (config->dwVersion >= kCreateClusterVersion2012R2 && config->managementPointType == kManagementPointDnsOnly) {
    spec.managementPoint = ManagementPoint::Dns;
  }
  DWORD status = withSetupProgress(callback, callbackContext, spec.name, 100,
                                   [&](const OperationContext& ctx) { lab().createCluster(spec, ctx); });
  if (status != ERROR_SUCCESS) {
    SetLastError(status);
    return nullptr;
  }
  std::wstring name = toWide(spec.name);
  report(callbackContext, 109, 3, kSeverityInformational, 100, name.c_str(), ERROR_SUCCESS);
  return reinterpret_cast<HCLUSTER>(new ClusterHandle{spec.name});
}

__declspec(dllexport) HGROUP WINAPI OpenClusterGroup(HCLUSTER cluster, LPCWSTR group) {
  if (narrow(group) != "Cluster Group" && narrow(group) != "Available Storage") {
    SetLastError(ERROR_GROUP_NOT_FOUND);
    return nullptr;
  }
  return reinterpret_cast<HGROUP>(new GroupHandle{reinterpret_cast<ClusterHandle*>(cluster)->name});
}

__declspec(dllexport) BOOL WINAPI CloseClusterGroup(HGROUP group) {
  delete reinterpret_cast<GroupHandle*>(group);
  return TRUE;
}

__declspec(dllexport) HRESOURCE WINAPI CreateClusterResource(HGROUP group, LPCWSTR name, LPCWSTR type, DWORD) {
  std::string cluster = reinterpret_cast<GroupHandle*>(group)->cluster, resource = narrow(name), kind = narrow(type);
  if (resources().count(resource)) {
    SetLastError(ERROR_OBJECT_ALREADY_EXISTS);
    return nullptr;
  }
  bool cloudCapable = true;
  auto state = lab().findCluster(cluster, context());
  for (const auto& node : state->nodes) {
    cloudCapable = cloudCapable && osVersionAtLeast(lab().getServer(node.name, context()).os.version, 10, 0);
  }
  if (kind != "File Share Witness" && !(kind == "Cloud Witness" && cloudCapable)) {
    SetLastError(ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND);
    return nullptr;
  }
  resources()[resource] = Resource{kind, {}};
  return reinterpret_cast<HRESOURCE>(new ResourceRef{cluster, resource});
}

__declspec(dllexport) HRESOURCE WINAPI OpenClusterResource(HCLUSTER cluster, LPCWSTR name) {
  std::string clusterName = reinterpret_cast<ClusterHandle*>(cluster)->name, resource = narrow(name);
  for (const auto& [known, type] : resourcesOf(clusterName)) {
    if (known == resource) return reinterpret_cast<HRESOURCE>(new ResourceRef{clusterName, resource});
  }
  SetLastError(ERROR_RESOURCE_NOT_FOUND);
  return nullptr;
}

__declspec(dllexport) BOOL WINAPI CloseClusterResource(HRESOURCE resource) {
  delete reinterpret_cast<ResourceRef*>(resource);
  return TRUE;
}

__declspec(dllexport) DWORD WINAPI ClusterResourceControl(HRESOURCE resource, HNODE, DWORD code, void* in, DWORD inSize,
                                                          void* out, DWORD outSize, DWORD* returned) {
  auto* r = reinterpret_cast<ResourceRef*>(resource);
  std::string type;
  for (const auto& [known, kind] : resourcesOf(r->cluster)) {
    if (known == r->name) type = kind;
  }
  if (code == kResourceGetResourceType) {
    std::u16string text = toUtf16(type);
    std::vector<uint8_t> bytes;
    for (char16_t c : text) {
      bytes.push_back(static_cast<uint8_t>(c & 0xFF));
      bytes.push_back(static_cast<uint8_t>(c >> 8));
    }
    bytes.push_back(0);
    bytes.push_back(0);
    return giveBack(bytes, out, outSize, returned);
  }
  if (type == "IP Address" && code == kResourceGetPrivateProperties) {
    auto state = lab().findCluster(r->cluster, context());
    for (const auto& a : state->addresses) {
      if (ipResourceName(a) != r->name) continue;
      return giveBack(encodePropertyList({{"Address", {a.address.toString()}},
                                          {"SubnetMask", {Ipv4Address(prefixMask(a.prefixLength)).toString()}}}),
                      out, outSize, returned);
    }
  }
  if (type == "Network Name" && code == kResourceGetPrivateProperties) {
    auto state = lab().findCluster(r->cluster, context());
    // Windows sets ObjectGUID only for a cluster name with a computer object in AD.
    std::string guid = state->computerAccount.empty() ? "" : "9f3c2a1e7b5d4c60a8e1f2b3c4d5e6f7";
    return giveBack(encodePropertyList({{"Name", {state->name}},
                                        {"DnsName", {state->name}},
                                        {"ObjectGUID", {guid}},
                                        {"DnsSuffix", {state->domain}}}),
                    out, outSize, returned);
  }
  auto it = resources().find(r->name);
  if (it == resources().end()) {
    if (code == kResourceGetPrivateProperties) return giveBack(encodePropertyList({}), out, outSize, returned);
    return ERROR_INVALID_FUNCTION;
  }
  if (code == kResourceGetPrivateProperties)
    return giveBack(encodePropertyList(it->second.properties), out, outSize, returned);
  if (code != kResourceSetPrivateProperties) return ERROR_INVALID_FUNCTION;
  *returned = 0;
  return asWin32([&] {
    for (auto& p :
         decodePropertyList(std::vector<uint8_t>(static_cast<uint8_t*>(in), static_cast<uint8_t*>(in) + inSize))) {
      auto& props = it->second.properties;
      props.erase(std::remove_if(props.begin(), props.end(), [&](const Property& q) { return q.name == p.name; }),
                  props.end());
      props.push_back(p);
    }
  });
}

__declspec(dllexport) DWORD WINAPI OnlineClusterResource(HRESOURCE resource) {
  auto* r = reinterpret_cast<ResourceRef*>(resource);
  auto it = resources().find(r->name);
  if (it == resources().end() || it->second.type != "File Share Witness") return ERROR_SUCCESS;
  // The cluster service reaches the share as the cluster's computer account.
  auto path = parseWitnessPath(stringProperty(it->second.properties, "SharePath").value_or(""));
  auto state = lab().findCluster(r->cluster, context());
  if (!path) return ERROR_INVALID_PARAMETER;
  DWORD status = ERROR_SUCCESS;
  bool writable = false;
  status = asWin32([&] { writable = lab().canWrite(state->computerAccount, path->server, path->share, context()); });
  if (status != ERROR_SUCCESS) return status;
  if (!writable) return ERROR_ACCESS_DENIED;
  // As a real witness often does: "coming online" (997), Online a few polls later.
  if (const char* polls = std::getenv("CLUSTERFORGE_DOUBLE_ONLINE_PENDING")) {
    it->second.pendingPolls = std::atoi(polls);
    if (it->second.pendingPolls > 0) return ERROR_IO_PENDING;
  }
  return ERROR_SUCCESS;
}

__declspec(dllexport) DWORD WINAPI SetClusterQuorumResource(HRESOURCE resource, LPCWSTR, DWORD type) {
  auto* r = reinterpret_cast<ResourceRef*>(resource);
  // Windows refuses a witness that is not Online yet.
  auto pending = resources().find(r->name);
  if (pending != resources().end() && pending->second.pendingPolls > 0) return ERROR_RESOURCE_NOT_ONLINE;
  QuorumSettings settings;
  auto it = resources().find(r->name);
  if (type == kNodeMajorityQuorum) {
    settings.mode = QuorumMode::NodeMajority;
  } else if (it != resources().end() && it->second.type == "File Share Witness") {
    settings.mode = QuorumMode::NodeAndFileShareMajority;
    settings.sharePath = stringProperty(it->second.properties, "SharePath").value_or("");
  } else if (it != resources().end() && it->second.type == "Cloud Witness") {
    settings.mode = QuorumMode::CloudWitness;
    settings.cloudAccount = stringProperty(it->second.properties, "AccountName").value_or("");
    settings.cloudAccessKey = stringProperty(it->second.properties, "PrimaryToken").value_or("");
  } else {
    settings.mode = type == kLegacyQuorum ? QuorumMode::DiskOnly : QuorumMode::NodeAndDiskMajority;
    settings.disk = r->name;
  }
  return asWin32([&] { lab().setQuorum(r->cluster, settings, context()); });
}

__declspec(dllexport) DWORD WINAPI GetClusterQuorumResource(HCLUSTER cluster, LPWSTR resource, DWORD* resourceChars,
                                                            LPWSTR device, DWORD* deviceChars, DWORD* quorumType) {
  auto q = lab().findCluster(reinterpret_cast<ClusterHandle*>(cluster)->name, context())->quorum;
  std::string name = q.witnessType == WitnessType::FileShare ? "File Share Witness"
                     : q.witnessType == WitnessType::Cloud   ? "Cloud Witness"
                                                             : q.witness;
  std::u16string text = toUtf16(name);
  if (*resourceChars < text.size() + 1) {
    *resourceChars = static_cast<DWORD>(text.size() + 1);
    return ERROR_MORE_DATA;
  }
  for (size_t i = 0; i < text.size(); ++i) resource[i] = static_cast<wchar_t>(text[i]);
  resource[text.size()] = 0;
  if (*deviceChars > 0) device[0] = 0;
  *quorumType = q.mode == QuorumMode::NodeMajority ? kNodeMajorityQuorum
                : q.mode == QuorumMode::DiskOnly   ? kLegacyQuorum
                                                   : kHybridQuorum;
  return ERROR_SUCCESS;
}

__declspec(dllexport) HNODE WINAPI AddClusterNode(HCLUSTER cluster, LPCWSTR node, void* callback, void* context) {
  std::string clusterName = reinterpret_cast<ClusterHandle*>(cluster)->name, nodeName = narrow(node);
  DWORD status = withSetupProgress(callback, context, nodeName, 200, [&](const OperationContext& ctx) {
    lab().addClusterNode(clusterName, nodeName, ctx);
  });
  if (status != ERROR_SUCCESS) {
    SetLastError(status);
    return nullptr;
  }
  return reinterpret_cast<HNODE>(new NodeHandle{NodeState::Up, nodeName, clusterName});
}

__declspec(dllexport) DWORD WINAPI EvictClusterNodeEx(HNODE node, DWORD, HRESULT* cleanup) {
  auto* n = reinterpret_cast<NodeHandle*>(node);
  *cleanup = S_OK;
  return asWin32([&] { lab().evictClusterNode(n->cluster, n->name, context()); });
}

__declspec(dllexport) DWORD WINAPI OfflineClusterGroup(HGROUP) { return ERROR_SUCCESS; }

__declspec(dllexport) DWORD WINAPI DestroyCluster(HCLUSTER cluster, void* callback, void* context, BOOL) {
  std::string name = reinterpret_cast<ClusterHandle*>(cluster)->name;
  DWORD status = withSetupProgress(callback, context, name, 300,
                                   [&](const OperationContext& ctx) { lab().destroyCluster(name, ctx); });
  if (status == ERROR_SUCCESS) resources().clear();  // the witness resources went with the cluster
  return status;
}

__declspec(dllexport) DWORD WINAPI ClusterControl(HCLUSTER cluster, HNODE, DWORD code, void* in, DWORD inSize,
                                                  void* out, DWORD outSize, DWORD* returned) {
  std::string name = reinterpret_cast<ClusterHandle*>(cluster)->name;
  if (code == kClusterGetCommonProperties) {
    auto state = lab().findCluster(name, context());
    std::vector<Property> list;
    for (const auto& p : heartbeatProperties()) list.push_back({p.windowsName, {state->heartbeat.at(p.name)}});
    return giveBack(encodePropertyList(list), out, outSize, returned);
  }
  if (code != kClusterSetCommonProperties) return ERROR_INVALID_FUNCTION;
  *returned = 0;
  return asWin32([&] {
    HeartbeatSettings settings;
    for (const auto& p :
         decodePropertyList(std::vector<uint8_t>(static_cast<uint8_t*>(in), static_cast<uint8_t*>(in) + inSize))) {
      auto value = dwordProperty({p}, p.name);
      const HeartbeatProperty* known = nullptr;
      for (const auto& h : heartbeatProperties()) {
        if (h.windowsName == p.name) known = &h;
      }
      if (!value || !known) throw BackendFailure(ERROR_INVALID_PARAMETER, p.name + " is not a DWORD this double sets");
      settings[known->name] = *value;
    }
    lab().setClusterProperties(name, settings, context());
  });
}

__declspec(dllexport) DWORD WINAPI
    GetClusterResourceDependencyExpression(HRESOURCE resource, LPWSTR expression, DWORD* chars) {
  auto* r = reinterpret_cast<ResourceRef*>(resource);
  std::string text = r->name == "Cluster Name" ? lab().findCluster(r->cluster, context())->nameDependency : "";
  std::u16string wide = toUtf16(text);
  if (*chars < wide.size() + 1) {
    *chars = static_cast<DWORD>(wide.size() + 1);
    return ERROR_MORE_DATA;
  }
  for (size_t i = 0; i < wide.size(); ++i) expression[i] = static_cast<wchar_t>(wide[i]);
  expression[wide.size()] = 0;
  return ERROR_SUCCESS;
}

}  // extern "C"
