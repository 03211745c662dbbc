// winsock2.h must come before windows.h, which the backend's header includes.
#include <winsock2.h>
#include <ws2tcpip.h>

#include "orchestration/backends/clusapi/win/clusapi_backend_win.h"

#include "orchestration/backends/clusapi/win/cluster_creation_win.h"
#include "orchestration/backends/clusapi/win/cluster_inventory_win.h"
#include "orchestration/backends/clusapi/win/cluster_lifecycle_win.h"
#include "orchestration/backends/clusapi/win/cluster_networks_win.h"
#include "orchestration/backends/clusapi/win/cluster_quorum_win.h"
#include "orchestration/backends/clusapi/win/wmi_session_win.h"
#include "orchestration/model/computer_name.h"
#include "orchestration/model/os_capabilities.h"
#include "orchestration/model/win32_error.h"

namespace cf::clusapi {

namespace {

// Whether DNS knows the name (a cluster that exists has its name registered).
bool resolves(const std::string& name) {
  WSADATA data;
  if (WSAStartup(MAKEWORD(2, 2), &data) != 0) return true;  // cannot tell: assume it may exist
  ADDRINFOW* found = nullptr;
  int status = GetAddrInfoW(toWide(name).c_str(), nullptr, nullptr, &found);
  if (found) FreeAddrInfoW(found);
  WSACleanup();
  return status == 0;
}

bool meansNoSuchServer(uint32_t code) {
  return code == win32::kRpcServerUnavailable || code == win32::kBadNetPath || code == win32::kInvalidNetName ||
         code == win32::kHostNotFound;
}

// The DNS domain of this computer, for a cluster whose name does not report its own.
std::string thisComputersDomain() {
  wchar_t domain[256];
  DWORD chars = 256;
  return GetComputerNameExW(ComputerNameDnsDomain, domain, &chars) ? fromWide(domain) : std::string();
}

}  // namespace

ClusapiBackend::ClusapiBackend(ClusapiLibrary library, FileServerFunctions fileServer, PowerShell shell,
                               ServerManagerOverWmi serverManagerOverWmi)
    : library_(std::move(library)),
      files_(fileServer),
      scripts_(std::move(shell)),
      serverManagerOverWmi_(serverManagerOverWmi) {}

BackendReadiness ClusapiBackend::readiness() const {
  if (!library_.available()) return {false, library_.problem()};
  return {true, "clusapi.dll loaded; clusters are reached through ClusAPI"};
}

const ClusapiFunctions& ClusapiBackend::api() const {
  if (!library_.available()) throwWin32(win32::kModNotFound, library_.problem());
  return library_.functions();
}

ServerFacts ClusapiBackend::getServer(const std::string& name, const OperationContext& ctx) {
  ctx.checkpoint();
  return scripts_.facts(name, ctx);
}

NodeClusterState ClusapiBackend::getNodeClusterState(const std::string& node, const OperationContext& ctx) {
  ctx.checkpoint();
  return nodeClusterState(api(), node);
}

std::optional<ClusterState> ClusapiBackend::findCluster(const std::string& name, const OperationContext& ctx) {
  ctx.checkpoint();
  const ClusapiFunctions& functions = api();
  try {
    ClusterConnection probe(functions, name);
  } catch (const BackendFailure& f) {
    if (meansNoSuchServer(f.error().code) && !resolves(name)) return std::nullopt;
    throw;
  }
  ClusterInventory inventory = readInventory(functions, name);
  ClusterState state;
  state.name = canonicalName(name);
  state.nodes = inventory.nodes;
  state.addresses = inventory.addresses;
  state.nameDependency = inventory.nameDependency;
  state.heartbeat = readHeartbeat(functions, name);
  state.disks = inventory.disks;
  state.networks = ClusterNetworks(functions, name).list();
  state.quorum = ClusterQuorum(functions, name).read();
  state.domain = inventory.dnsSuffix.empty() ? thisComputersDomain() : inventory.dnsSuffix;
  state.managementPoint = inventory.hasComputerObject ? ManagementPoint::ActiveDirectory : ManagementPoint::Dns;
  if (inventory.hasComputerObject) {
    auto account = files_.qualifiedName("", state.name + "$");
    // Just after creation the object may not have reached this computer's domain controller.
    if (!account)
      throwWin32(win32::kNoneMapped, "the computer account of cluster " + state.name + " is not visible yet");
    state.computerAccount = *account;
  }
  return state;
}

std::vector<std::string> ClusapiBackend::listClusters(const OperationContext& ctx) {
  ctx.checkpoint();
  return scripts_.clusters(ctx);
}

void ClusapiBackend::createCluster(const ClusterSpec& spec, const OperationContext& ctx) {
  ctx.checkpoint();
  for (const auto& warning : clusapi::createCluster(api(), spec, ctx)) ctx.warn("CreateCluster: " + warning);
}

void ClusapiBackend::addClusterNode(const std::string& cluster, const std::string& node, const OperationContext& ctx) {
  ctx.checkpoint();
  for (const auto& warning : clusapi::addClusterNode(api(), cluster, node, ctx)) ctx.warn("AddClusterNode: " + warning);
}

void ClusapiBackend::evictClusterNode(const std::string& cluster, const std::string& node,
                                      const OperationContext& ctx) {
  ctx.checkpoint();
  // CLUSCTL_CLUSTER_CHECK_VOTER_EVICT needs 2012; the same rule, read from the cluster, works on 2008.
  auto state = findCluster(cluster, ctx);
  if (!state) throwWin32(win32::kBadNetPath, "no cluster named " + cluster + " answers");
  if (auto problem = evictionProblem(*state, node)) throwWin32(win32::kInvalidState, *problem);
  for (const auto& warning : clusapi::evictClusterNode(api(), cluster, node)) ctx.warn(warning);
}

void ClusapiBackend::destroyCluster(const std::string& cluster, const OperationContext& ctx) {
  ctx.checkpoint();
  for (const auto& warning : clusapi::destroyCluster(api(), cluster, ctx)) ctx.warn("DestroyCluster: " + warning);
}

void ClusapiBackend::setClusterProperties(const std::string& cluster, const HeartbeatSettings& settings,
                                          const OperationContext& ctx) {
  ctx.checkpoint();
  setHeartbeat(api(), cluster, settings);
}

std::optional<ComputerObject> ClusapiBackend::getComputerObject(const std::string& name, const OperationContext& ctx) {
  ctx.checkpoint();
  return scripts_.computerObject(name, ctx);
}

bool ClusapiBackend::mayCreateComputerObjects(const std::string& node, const OperationContext& ctx) {
  ctx.checkpoint();
  return scripts_.mayCreateComputerObjects(node, ctx);
}

void ClusapiBackend::deleteComputerObject(const std::string& name, const OperationContext& ctx) {
  ctx.checkpoint();
  scripts_.deleteComputerObject(name, ctx);
}

void ClusapiBackend::renameClusterNetwork(const std::string& cluster, const std::string& network,
                                          const std::string& newName, const OperationContext& ctx) {
  ctx.checkpoint();
  ClusterNetworks(api(), cluster).rename(network, newName);
}

void ClusapiBackend::setClusterNetworkRole(const std::string& cluster, const std::string& network, NetworkRole role,
                                           const OperationContext& ctx) {
  ctx.checkpoint();
  ClusterNetworks(api(), cluster).setRole(network, role);
}

void ClusapiBackend::setClusterNetworkMetric(const std::string& cluster, const std::string& network, uint32_t metric,
                                             const OperationContext& ctx) {
  ctx.checkpoint();
  ClusterNetworks(api(), cluster).setMetric(network, metric);
}

std::optional<FolderState> ClusapiBackend::getFolder(const std::string& server, const std::string& path,
                                                     const OperationContext& ctx) {
  ctx.checkpoint();
  return files_.folder(server, path);
}

void ClusapiBackend::createFolder(const std::string& server, const std::string& path, const OperationContext& ctx) {
  ctx.checkpoint();
  files_.createFolder(server, path);
}

void ClusapiBackend::setFolderAcl(const std::string& server, const std::string& path,
                                  const std::vector<AccessEntry>& acl, const OperationContext& ctx) {
  ctx.checkpoint();
  files_.grant(server, path, acl);
}

std::optional<ShareState> ClusapiBackend::getShare(const std::string& server, const std::string& share,
                                                   const OperationContext& ctx) {
  ctx.checkpoint();
  return files_.share(server, share);
}

void ClusapiBackend::createShare(const std::string& server, const ShareState& share, const OperationContext& ctx) {
  ctx.checkpoint();
  files_.createShare(server, share);
}

void ClusapiBackend::setSharePermissions(const std::string& server, const std::string& share,
                                         const std::vector<AccessEntry>& permissions, const OperationContext& ctx) {
  ctx.checkpoint();
  files_.setSharePermissions(server, share, permissions);
}

void ClusapiBackend::deleteShare(const std::string& server, const std::string& share, const OperationContext& ctx) {
  ctx.checkpoint();
  files_.deleteShare(server, share);
}

void ClusapiBackend::deleteFolder(const std::string& server, const std::string& path, const OperationContext& ctx) {
  ctx.checkpoint();
  files_.deleteFolder(server, path);
}

bool ClusapiBackend::canWrite(const std::string& account, const std::string& server, const std::string& share,
                              const OperationContext& ctx) {
  ctx.checkpoint();
  auto found = files_.share(server, share);
  if (!found) throwWin32(win32::kBadNetName, "\\\\" + server + "\\" + share + " does not exist");
  auto folder = files_.folder(server, found->path);
  return canWriteThrough(*found, folder ? &*folder : nullptr, account);
}

bool ClusapiBackend::canReach(const std::string& from, Ipv4Address address, const OperationContext& ctx) {
  ctx.checkpoint();
  return scripts_.canReach(from, address, ctx);
}

bool ClusapiBackend::installFeatures(const std::string& server, const std::vector<std::string>& features,
                                     const std::string& source, const OperationContext& ctx) {
  ctx.checkpoint();
  // ServerManagerCmd has no -source: nothing a 2008 node offers keeps its payload off disk.
  if (reachedOverWmi(server, ctx)) return serverManagerOverWmi_.installFeatures(server, features, ctx);
  return scripts_.installFeatures(server, features, source, ctx);
}

void ClusapiBackend::restartServer(const std::string& server, const OperationContext& ctx) {
  ctx.checkpoint();
  if (reachedOverWmi(server, ctx)) return serverManagerOverWmi_.restart(server, ctx);
  scripts_.restart(server, ctx);
}

bool ClusapiBackend::reachedOverWmi(const std::string& server, const OperationContext& ctx) const {
  ctx.checkpoint();
  // The version alone decides: one WMI query, not the whole facts script.
  OsInfo os;
  os.version = WmiSession::connect(server).operatingSystem().version;
  return featureInstallRouteFor(os) == FeatureInstallRoute::ServerManagerCmdOverWmi;
}

void ClusapiBackend::setQuorum(const std::string& cluster, const QuorumSettings& settings,
                               const OperationContext& ctx) {
  ctx.checkpoint();
  ClusterQuorum(api(), cluster).configure(settings);
}

}  // namespace cf::clusapi
