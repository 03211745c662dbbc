// The body of POST /v1/node-preparations:
//   {"nodes": ["EX-NODE1"], "features": ["Failover-Clustering"], "restart": false}
//   {"nodes": ["EX-NODE1"], "profile": "exchange2007-ccr-mailbox"}
//   {"nodes": [...], "features": ["NET-Framework-Core"], "source": "\\FS1\media\sources\sxs"}
// Exactly one of features or profile. Unknown feature names are refused,
// all listed in one error. A features list is what every node gets; a
// profile resolves per node, to the names its Windows has (features.h).
// `source` is installation media, for what 2012 and later keep off disk
// (.NET 3.5). Without "nodes", it is the `prepare` section of a
// whole-runbook PUT (the cluster's nodes are meant).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestration/common/field_error.h"
#include "orchestration/jobs/job_request.h"
#include "orchestration/model/cluster_model.h"

namespace cf {

struct NodePreparationSpec {
  std::vector<std::string> nodes;     // canonical
  std::vector<std::string> features;  // canonical ServerManager names, profile expanded
  std::optional<std::string> profile;
  bool restart = false;
  std::string source;  // a folder of installation media: \\server\share\... or C:\...; "" for none
};

// What `spec` installs on a server running `os`.
std::vector<std::string> featuresFor(const NodePreparationSpec& spec, const OsInfo& os);

// Why the spec cannot be carried out on these servers as their facts say
// (a feature their Windows lacks, media it needs), as field errors under
// `pointer`, the spec's place in the request body.
FieldErrors preparationProblems(const NodePreparationSpec& spec, const std::string& pointer,
                                const std::vector<ServerFacts>& servers);

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
