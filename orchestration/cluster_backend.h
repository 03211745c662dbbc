// The port behind which the real world lives: every job step talks to a
// ClusterBackend and to nothing else outside the process.
//
// Contract for implementations:
// - Every call takes an OperationContext and calls checkpoint() before any
//   change, so a canceled or shut-down job never starts a change it cannot
//   finish; a change once begun is applied whole or not at all.
// - Failures throw BackendFailure with the Win32 code the real call returns;
//   transient ones are marked so the job runner can retry them.
// - Reads never change anything. Changes do not check "is this needed?" (that
//   is the step's job), but they do enforce every rule Windows enforces.
// - Implementations are safe to call from several threads at once.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "orchestration/cluster_model.h"
#include "orchestration/operation_context.h"

namespace cf {

struct BackendReadiness {
  bool ready = false;
  std::string detail;
};

class ClusterBackend {
 public:
  virtual ~ClusterBackend() = default;

  // "simulated" or "clusapi".
  virtual std::string kind() const = 0;
  // Whether the backend can do work at all (the ClusAPI DLL loaded, the lab read).
  virtual BackendReadiness readiness() const = 0;

  // Facts about one server; throws for a server that does not exist
  // (ERROR_BAD_NETPATH) or cannot be reached (RPC_S_SERVER_UNAVAILABLE).
  virtual ServerFacts getServer(const std::string& name, const OperationContext& ctx) = 0;
  virtual NodeClusterState getNodeClusterState(const std::string& node, const OperationContext& ctx) = 0;

  // The observed cluster, or nullopt when no cluster has that name.
  virtual std::optional<ClusterState> findCluster(const std::string& name, const OperationContext& ctx) = 0;
  virtual std::vector<std::string> listClusters(const OperationContext& ctx) = 0;

  // CreateCluster with every node of the spec and its static addresses.
  virtual void createCluster(const ClusterSpec& spec, const OperationContext& ctx) = 0;
};

}  // namespace cf
