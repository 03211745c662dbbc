// The body of PUT /v1/clusters/{name}: the cluster (nodes, addresses,
// management point) and, optionally, the rest of the runbook in sections:
//   prepare        - a node-preparation body without nodes (the cluster's nodes)
//   validateBefore - {include?, exclude?} run on the nodes before creation
//   networks       - the list the networks endpoint takes under "networks"
//   quorum         - the quorum endpoint's body
//   validateAfter  - {include?, exclude?} run on the cluster at the end
// Each section is checked as its own endpoint checks it, with pointers into
// this body ("/quorum/fileShareWitness/path").
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "orchestration/jobs/job_request.h"
#include "orchestration/model/cluster_model.h"
#include "orchestration/specs/network_spec.h"
#include "orchestration/specs/node_preparation_spec.h"
#include "orchestration/specs/quorum_spec.h"
#include "orchestration/specs/validation_spec.h"

namespace cf {

struct ClusterApplySpec {
  ClusterSpec cluster;
  std::optional<NodePreparationSpec> prepare;
  std::optional<ValidationSpec> validateBefore;
  std::optional<std::vector<NetworkSetting>> networks;
  std::optional<QuorumSpec> quorum;
  std::optional<ValidationSpec> validateAfter;

  // Only nodes and addresses: a plain cluster.create job.
  bool createOnly() const { return !prepare && !validateBefore && !networks && !quorum && !validateAfter; }
};

struct ClusterApplyParse {
  std::optional<ClusterApplySpec> spec;
  FieldErrors errors;
};

ClusterApplyParse parseClusterApplySpec(const std::string& name, const nlohmann::json& body);

constexpr const char* kClusterCreateKind = "cluster.create";
constexpr const char* kClusterApplyKind = "cluster.apply";

// The stored form of cluster.apply: each section under its own key in its
// own stored form, the quorum's secrets sealed.
nlohmann::json toStored(const ClusterApplySpec& spec, SecretBox& secrets);
// Brings an apply spec stored with version 1 networks up to version 2.
nlohmann::json storedApplySpecV1toV2(nlohmann::json stored);

// Why `spec` cannot converge `existing`: it leaves out some of its nodes
// (a PUT adds nodes; evicting one is a DELETE of its own). Nullopt when every
// node of the cluster is in the spec.
std::optional<std::string> nodesMissingFromSpec(const ClusterState& existing, const ClusterSpec& spec);

// cluster.create for nodes and addresses alone, cluster.apply with runbook
// sections. An existing cluster with other nodes is a conflict; what the
// sections ask of an existing cluster is checked on it (422).
JobRequest jobRequest(const ClusterApplySpec& spec);

}  // namespace cf
