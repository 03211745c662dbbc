// Win32 error codes as they cross the backend port.
//
// Every failure a backend reports carries the Win32 code a real Windows call
// would return, its symbolic name, a message for a person, and whether it is
// transient (worth retrying: the RPC server was unavailable, a call timed out).
// The table of known codes lives in win32_error.cpp; unknown codes keep their
// number and get a generic name.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace cf {

namespace win32 {
constexpr uint32_t kFileNotFound = 2;
constexpr uint32_t kPathNotFound = 3;
constexpr uint32_t kAccessDenied = 5;
constexpr uint32_t kInvalidData = 13;
constexpr uint32_t kGenFailure = 31;
constexpr uint32_t kSharingViolation = 32;
constexpr uint32_t kBadNetPath = 53;
constexpr uint32_t kNetNameDeleted = 64;
constexpr uint32_t kNotSupported = 50;
constexpr uint32_t kBadNetName = 67;
constexpr uint32_t kInvalidParameter = 87;
constexpr uint32_t kSemTimeout = 121;
constexpr uint32_t kModNotFound = 126;
constexpr uint32_t kAlreadyExists = 183;
constexpr uint32_t kDirectory = 267;
constexpr uint32_t kMoreData = 234;
constexpr uint32_t kNoMoreItems = 259;
constexpr uint32_t kShutdownInProgress = 1115;
constexpr uint32_t kInvalidNetName = 1214;
constexpr uint32_t kTimeout = 1460;
constexpr uint32_t kInstallFailure = 1603;
constexpr uint32_t kCancelled = 1223;
constexpr uint32_t kInvalidComputerName = 1210;
constexpr uint32_t kLogonFailure = 1326;
constexpr uint32_t kNoneMapped = 1332;
constexpr uint32_t kNoSuchDomain = 1355;
constexpr uint32_t kNoSuchUser = 1317;
constexpr uint32_t kRpcServerUnavailable = 1722;
constexpr uint32_t kRpcServerTooBusy = 1723;
constexpr uint32_t kRpcCallFailed = 1726;
constexpr uint32_t kUnknownDevDir = 2116;
constexpr uint32_t kDuplicateShare = 2118;
constexpr uint32_t kNetNameNotFound = 2310;
constexpr uint32_t kResourceNotOnline = 5004;
constexpr uint32_t kResourceNotFound = 5007;
constexpr uint32_t kObjectAlreadyExists = 5010;
constexpr uint32_t kGroupNotFound = 5013;
constexpr uint32_t kQuorumResource = 5020;
constexpr uint32_t kInvalidState = 5023;
constexpr uint32_t kNotQuorumCapable = 5021;
constexpr uint32_t kClusterNodeExists = 5040;
constexpr uint32_t kClusterNodeNotFound = 5042;
constexpr uint32_t kClusterNetworkNotFound = 5045;
constexpr uint32_t kClusterNodeDown = 5050;
constexpr uint32_t kClusterNodeUnreachable = 5051;
constexpr uint32_t kClusterNodeNotMember = 5052;
constexpr uint32_t kClusterInvalidNetwork = 5054;
constexpr uint32_t kClusterIpAddrInUse = 5057;
constexpr uint32_t kClusterNodeAlreadyMember = 5065;
constexpr uint32_t kClusterLastInternalNetwork = 5066;
constexpr uint32_t kClusterNetworkHasDependents = 5067;
constexpr uint32_t kClusterNodeNotReady = 5072;
constexpr uint32_t kClusterResourceTypeNotFound = 5078;
constexpr uint32_t kClusterResNameNotFound = 5080;
constexpr uint32_t kClusterCantCreateDupClusterName = 5900;
constexpr uint32_t kHostNotFound = 11001;  // WSAHOST_NOT_FOUND
// What Install-WindowsFeature and DISM report when a feature's payload is
// not on disk and no installation media was given (an HRESULT, as they say it).
constexpr uint32_t kSourceMissing = 0x800F081F;
}  // namespace win32

// Symbolic name such as "ERROR_ACCESS_DENIED", or "WIN32_ERROR_<n>" when unknown.
std::string win32ErrorName(uint32_t code);

// Whether a retry may succeed without anyone changing anything.
bool win32ErrorIsTransient(uint32_t code);

struct BackendError {
  uint32_t code = 0;
  std::string name;
  std::string message;
  bool transient = false;
};

BackendError makeBackendError(uint32_t code, const std::string& message);

// Thrown by backends; the job runner retries it when transient.
class BackendFailure : public std::runtime_error {
 public:
  explicit BackendFailure(BackendError error)
      : std::runtime_error(error.name + ": " + error.message), error_(std::move(error)) {}
  BackendFailure(uint32_t code, const std::string& message) : BackendFailure(makeBackendError(code, message)) {}

  const BackendError& error() const { return error_; }

 private:
  BackendError error_;
};

}  // namespace cf
