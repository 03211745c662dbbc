// Creating a cluster through ClusAPI, and asking a node whether it can join
// one. Another piece of ClusapiBackend.
//
// CreateCluster takes a CREATE_CLUSTER_CONFIG declared here to the Windows
// SDK's layout (mingw-w64's clusapi.h hides it; CLUSAPI-NOTES.md), version
// 0x600 for an AD-attached cluster and 0x702 for a DNS management point. Its
// progress callback feeds the job's progress; a non-NULL handle is not full
// success, so Warning phases are returned and a Fatal one throws.
#pragma once

#include <string>
#include <vector>

#include "orchestration/backends/clusapi/win/clusapi_library_win.h"
#include "orchestration/model/cluster_model.h"
#include "orchestration/model/operation_context.h"

namespace cf::clusapi {

struct ClusterIpEntry {
  PCWSTR lpszIpAddress;
  DWORD dwPrefixLength;
};

struct CreateClusterConfig {
  DWORD dwVersion;
  PCWSTR lpszClusterName;
  DWORD cNodes;
  PCWSTR* ppszNodeNames;
  DWORD cIpEntries;
  ClusterIpEntry* pIpEntries;
  BOOLEAN fEmptyCluster;
  DWORD managementPointType;  // read when dwVersion >= 0x702
};

constexpr DWORD kCreateClusterVersion2008 = 0x600;
constexpr DWORD kCreateClusterVersion2012R2 = 0x702;
constexpr DWORD kManagementPointCno = 1;
constexpr DWORD kManagementPointDnsOnly = 2;

enum PhaseSeverity : DWORD { kSeverityInformational = 1, kSeverityWarning = 2, kSeverityFatal = 3 };

using SetupProgressCallback = BOOL(WINAPI*)(void* context, DWORD phase, DWORD phaseType, DWORD severity,
                                            DWORD percentComplete, PCWSTR objectName, DWORD status);

// What the setup progress callback (onSetupProgress, with this as its
// context) collects while CreateCluster, AddClusterNode or DestroyCluster
// runs: progress goes to the job, Warning phases are kept, a Fatal one
// is thrown by throwIfFatal.
struct SetupProgress {
  const OperationContext* ctx;
  std::vector<std::string> warnings;
  DWORD fatalStatus = ERROR_SUCCESS;
  std::string fatalObject;

  void throwIfFatal(const std::string& what) const;
};
BOOL WINAPI onSetupProgress(void* context, DWORD phase, DWORD phaseType, DWORD severity, DWORD percent, PCWSTR object,
                            DWORD status);

// GetNodeClusterState's values.
constexpr DWORD kNodeStateNotInstalled = 0;
constexpr DWORD kNodeStateNotConfigured = 1;
constexpr DWORD kNodeStateNotRunning = 3;
constexpr DWORD kNodeStateRunning = 0x13;

NodeClusterState nodeClusterState(const ClusapiFunctions& api, const std::string& node);

// Creates the cluster; returns the warnings its setup reported.
std::vector<std::string> createCluster(const ClusapiFunctions& api, const ClusterSpec& spec,
                                       const OperationContext& ctx);

}  // namespace cf::clusapi
