#include "orchestration/model/win32_error.h"

#include <unordered_map>

namespace cf {

namespace {

struct KnownCode {
  const char* name;
  bool transient;
};

const std::unordered_map<uint32_t, KnownCode>& knownCodes() {
  static const std::unordered_map<uint32_t, KnownCode> table = {
      {win32::kFileNotFound, {"ERROR_FILE_NOT_FOUND", false}},
      {win32::kPathNotFound, {"ERROR_PATH_NOT_FOUND", false}},
      {win32::kInvalidData, {"ERROR_INVALID_DATA", false}},
      {win32::kGenFailure, {"ERROR_GEN_FAILURE", false}},
      {win32::kNetNameDeleted, {"ERROR_NETNAME_DELETED", true}},
      {win32::kSemTimeout, {"ERROR_SEM_TIMEOUT", true}},
      {win32::kModNotFound, {"ERROR_MOD_NOT_FOUND", false}},
      {win32::kDirectory, {"ERROR_DIRECTORY", false}},
      {win32::kShutdownInProgress, {"ERROR_SHUTDOWN_IN_PROGRESS", true}},
      {win32::kInvalidNetName, {"ERROR_INVALID_NETNAME", false}},
      {win32::kInstallFailure, {"ERROR_INSTALL_FAILURE", false}},
      {win32::kRpcServerTooBusy, {"RPC_S_SERVER_TOO_BUSY", true}},
      {win32::kHostNotFound, {"WSAHOST_NOT_FOUND", false}},
      {win32::kAccessDenied, {"ERROR_ACCESS_DENIED", false}},
      {win32::kBadNetName, {"ERROR_BAD_NET_NAME", false}},
      {win32::kAlreadyExists, {"ERROR_ALREADY_EXISTS", false}},
      {win32::kObjectAlreadyExists, {"ERROR_OBJECT_ALREADY_EXISTS", false}},
      {win32::kClusterLastInternalNetwork, {"ERROR_CLUSTER_LAST_INTERNAL_NETWORK", false}},
      {win32::kClusterNetworkHasDependents, {"ERROR_CLUSTER_NETWORK_HAS_DEPENDENTS", false}},
      {win32::kBadNetPath, {"ERROR_BAD_NETPATH", false}},
      {win32::kSharingViolation, {"ERROR_SHARING_VIOLATION", false}},
      {win32::kNoSuchUser, {"ERROR_NO_SUCH_USER", false}},
      {win32::kInvalidState, {"ERROR_INVALID_STATE", false}},
      {win32::kNotSupported, {"ERROR_NOT_SUPPORTED", false}},
      {win32::kInvalidParameter, {"ERROR_INVALID_PARAMETER", false}},
      {win32::kMoreData, {"ERROR_MORE_DATA", false}},
      {win32::kNoMoreItems, {"ERROR_NO_MORE_ITEMS", false}},
      {win32::kTimeout, {"ERROR_TIMEOUT", true}},
      {win32::kCancelled, {"ERROR_CANCELLED", false}},
      {win32::kInvalidComputerName, {"ERROR_INVALID_COMPUTERNAME", false}},
      {win32::kLogonFailure, {"ERROR_LOGON_FAILURE", false}},
      // Right after a computer account is created it may not have replicated
      // to the DC a server asks, so a failed name lookup is worth a retry.
      {win32::kNoneMapped, {"ERROR_NONE_MAPPED", true}},
      {win32::kNoSuchDomain, {"ERROR_NO_SUCH_DOMAIN", false}},
      {win32::kRpcServerUnavailable, {"RPC_S_SERVER_UNAVAILABLE", true}},
      {win32::kRpcCallFailed, {"RPC_S_CALL_FAILED", true}},
      {win32::kUnknownDevDir, {"NERR_UnknownDevDir", false}},
      {win32::kDuplicateShare, {"NERR_DuplicateShare", false}},
      {win32::kNetNameNotFound, {"NERR_NetNameNotFound", false}},
      {win32::kResourceNotOnline, {"ERROR_RESOURCE_NOT_ONLINE", false}},
      {win32::kResourceNotFound, {"ERROR_RESOURCE_NOT_FOUND", false}},
      {win32::kGroupNotFound, {"ERROR_GROUP_NOT_FOUND", false}},
      {win32::kQuorumResource, {"ERROR_QUORUM_RESOURCE", false}},
      {win32::kNotQuorumCapable, {"ERROR_NOT_QUORUM_CAPABLE", false}},
      {win32::kClusterNodeExists, {"ERROR_CLUSTER_NODE_EXISTS", false}},
      {win32::kClusterNodeNotFound, {"ERROR_CLUSTER_NODE_NOT_FOUND", false}},
      {win32::kClusterNetworkNotFound, {"ERROR_CLUSTER_NETWORK_NOT_FOUND", false}},
      {win32::kClusterNodeDown, {"ERROR_CLUSTER_NODE_DOWN", true}},
      {win32::kClusterNodeUnreachable, {"ERROR_CLUSTER_NODE_UNREACHABLE", true}},
      {win32::kClusterNodeNotMember, {"ERROR_CLUSTER_NODE_NOT_MEMBER", false}},
      {win32::kClusterInvalidNetwork, {"ERROR_CLUSTER_INVALID_NETWORK", false}},
      {win32::kClusterIpAddrInUse, {"ERROR_CLUSTER_IPADDR_IN_USE", false}},
      {win32::kClusterNodeAlreadyMember, {"ERROR_CLUSTER_NODE_ALREADY_MEMBER", false}},
      {win32::kClusterNodeNotReady, {"ERROR_CLUSTER_NODE_NOT_READY", false}},
      {win32::kClusterResourceTypeNotFound, {"ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND", false}},
      {win32::kClusterResNameNotFound, {"ERROR_CLUSTER_RESNAME_NOT_FOUND", false}},
      {win32::kClusterCantCreateDupClusterName, {"ERROR_CLUSTER_CANT_CREATE_DUP_CLUSTER_NAME", false}},
      {win32::kSourceMissing, {"CBS_E_SOURCE_MISSING", false}},
  };
  return table;
}

}  // namespace

std::string win32ErrorName(uint32_t code) {
  auto it = knownCodes().find(code);
  if (it != knownCodes().end()) return it->second.name;
  return "WIN32_ERROR_" + std::to_string(code);
}

bool win32ErrorIsTransient(uint32_t code) {
  auto it = knownCodes().find(code);
  return it != knownCodes().end() && it->second.transient;
}

BackendError makeBackendError(uint32_t code, const std::string& message) {
  return BackendError{code, win32ErrorName(code), message, win32ErrorIsTransient(code)};
}

}  // namespace cf
