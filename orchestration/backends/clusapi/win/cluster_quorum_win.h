// The quorum of one cluster, through ClusAPI: read it, and configure any
// mode. Another piece of ClusapiBackend.
//
// Sequences (CLUSAPI-NOTES.md; the witness one is inferred from what
// Set-ClusterQuorum does): a file share or cloud witness is a resource in
// the core group ("Cluster Group"), created if absent, given its private
// properties (SharePath; AccountName, PrimaryToken, EndpointInfo), brought
// online, then made the quorum resource with CLUS_HYBRID_QUORUM. A disk is
// set with CLUS_HYBRID_QUORUM (node and disk majority) or CLUS_LEGACY_QUORUM
// (disk only); node majority passes the current quorum resource with type 0.
// Failures throw BackendFailure with the Win32 code.
#pragma once

#include <chrono>
#include <string>

#include "orchestration/backends/clusapi/win/cluster_connection_win.h"
#include "orchestration/model/cluster_model.h"

namespace cf::clusapi {

constexpr DWORD kNodeMajorityQuorum = 0;
constexpr DWORD kHybridQuorum = 0x400;
constexpr DWORD kLegacyQuorum = 0x400000;
constexpr DWORD kResourceGetPrivateProperties = 0x01000081;
constexpr DWORD kResourceSetPrivateProperties = 0x01400086;
constexpr const wchar_t* kCoreGroup = L"Cluster Group";
constexpr const wchar_t* kFileShareWitnessType = L"File Share Witness";
constexpr const wchar_t* kCloudWitnessType = L"Cloud Witness";

class ClusterQuorum {
 public:
  // A witness that answers "coming online" (997) is waited for, polling its
  // state every `onlinePoll` for at most `onlineTimeout`.
  ClusterQuorum(const ClusapiFunctions& api, const std::string& cluster,
                std::chrono::milliseconds onlineTimeout = std::chrono::seconds(60),
                std::chrono::milliseconds onlinePoll = std::chrono::milliseconds(250))
      : cluster_(api, cluster), onlineTimeout_(onlineTimeout), onlinePoll_(onlinePoll) {}

  QuorumState read();
  void configure(const QuorumSettings& settings);

 private:
  // The witness resource of `type`, created in the core group when absent.
  HRESOURCE witnessResource(const wchar_t* type);
  HRESOURCE openResource(const std::string& name);
  void setPrivateProperties(HRESOURCE resource, const std::vector<uint8_t>& list);
  void online(HRESOURCE resource, const std::string& what);
  void makeQuorum(HRESOURCE resource, DWORD type, const std::string& what);
  // GetClusterQuorumResource: the quorum resource's name (empty for none) and the quorum type.
  std::pair<std::wstring, DWORD> quorumResource();

  ClusterConnection cluster_;
  std::chrono::milliseconds onlineTimeout_;
  std::chrono::milliseconds onlinePoll_;
};

}  // namespace cf::clusapi
