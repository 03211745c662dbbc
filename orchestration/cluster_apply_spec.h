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

#include "orchestration/cluster_model.h"
#include "orchestration/network_spec.h"
#include "orchestration/node_preparation_spec.h"
#include "orchestration/quorum_spec.h"
#include "orchestration/validation/validation_spec.h"

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

// The stored form: each section under its own key, the quorum's secrets sealed.
nlohmann::json toStoredJson(const ClusterApplySpec& spec, SecretBox& secrets);

}  // namespace cf
