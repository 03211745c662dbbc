// The body of POST /v1/node-preparations:
//   {"nodes": ["EX-NODE1"], "features": ["Failover-Clustering"], "restart": false}
//   {"nodes": ["EX-NODE1"], "profile": "exchange2007-ccr-mailbox"}
// Exactly one of features or profile. Unknown feature names are refused,
// all listed in one error. Without "nodes", it is the `prepare` section of a
// whole-runbook PUT (the cluster's nodes are meant).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestration/common/field_error.h"
#include "orchestration/jobs/job_request.h"

namespace cf {

struct NodePreparationSpec {
  std::vector<std::string> nodes;     // canonical
  std::vector<std::string> features;  // canonical ServerManager names, profile expanded
  std::optional<std::string> profile;
  bool restart = false;
};

// `withNodes` false reads the prepare section of a cluster PUT, found at `pointer`.
std::optional<NodePreparationSpec> readNodePreparationSpec(const nlohmann::json& body, const std::string& pointer,
                                                           bool withNodes, FieldErrors& errors);

constexpr const char* kPrepareNodesKind = "nodes.prepare";

// The stored form, and reading back a spec this service stored itself.
nlohmann::json toStored(const NodePreparationSpec& spec);
NodePreparationSpec nodePreparationSpecFromStored(const nlohmann::json& stored);

// A nodes.prepare job: it works on servers, not on a cluster.
JobRequest jobRequest(const NodePreparationSpec& spec);

}  // namespace cf
