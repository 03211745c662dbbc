// The requests that end a node's or a cluster's membership:
//   DELETE /v1/clusters/{name}/nodes/{node}  -> cluster.evictNode
//   DELETE /v1/clusters/{name}               -> cluster.destroy
// Both come from the path and query alone (no body).
//
// An eviction is refused up front (409, with the reason) when the node is the
// cluster's last or evicting it would lose quorum; 404 when it is not a node.
// A destroy remembers, in its stored spec, the file share witness the cluster
// had when it was accepted, since the cluster will be gone by the time the
// share is removed.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "orchestration/common/field_error.h"
#include "orchestration/jobs/job_request.h"

namespace cf {

constexpr const char* kEvictNodeKind = "cluster.evictNode";
constexpr const char* kDestroyClusterKind = "cluster.destroy";

struct EvictNodeSpec {
  std::string cluster;
  std::string node;
};

struct DestroyClusterSpec {
  std::string cluster;
  bool deleteComputerAccount = false;
  bool removeWitnessShare = false;
  std::string witnessShare;  // \\server\share, as observed at submit; empty without one
};

// Path parameters checked as computer names, pointing at the parameter.
std::optional<EvictNodeSpec> readEvictNodeSpec(const std::string& cluster, const std::string& node,
                                               FieldErrors& errors);
std::optional<DestroyClusterSpec> readDestroyClusterSpec(const std::string& cluster, bool deleteComputerAccount,
                                                         bool removeWitnessShare, FieldErrors& errors);

nlohmann::json toStored(const EvictNodeSpec& spec);
EvictNodeSpec evictNodeSpecFromStored(const nlohmann::json& stored);
nlohmann::json toStored(const DestroyClusterSpec& spec);
DestroyClusterSpec destroyClusterSpecFromStored(const nlohmann::json& stored);

JobRequest jobRequest(const EvictNodeSpec& spec);
JobRequest jobRequest(const DestroyClusterSpec& spec);

}  // namespace cf
