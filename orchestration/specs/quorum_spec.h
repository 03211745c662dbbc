// The body of PUT /v1/clusters/{name}/quorum.
//
//   {"mode": "nodeMajority"}
//   {"mode": "nodeAndDiskMajority", "diskWitness": {"disk": "Cluster Disk 1"}}
//   {"mode": "nodeAndFileShareMajority",
//    "fileShareWitness": {"path": "\\\\EX-HUB1\\FSM_MBX", "prepare": {"localPath": "C:\\FSM_MBX"}}}
//   {"mode": "diskOnly", "disk": "Cluster Disk 1"}
//   {"mode": "cloudWitness", "cloudWitness": {"accountName": "...", "accessKey": "...", "endpoint": "..."}}
//
// Each mode takes exactly its own section. The stored form of a spec keeps the
// access key sealed ({"sealed": "..."}), never in clear.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "orchestration/model/cluster_model.h"
#include "orchestration/common/field_error.h"
#include "orchestration/jobs/job_request.h"
#include "orchestration/jobs/secret_box.h"

namespace cf {

struct QuorumSpec {
  std::string cluster;
  QuorumSettings settings;
  std::optional<std::string> prepareLocalPath;  // set: create the witness folder and share first
};

struct QuorumSpecParse {
  std::optional<QuorumSpec> spec;
  FieldErrors errors;
};

QuorumSpecParse parseQuorumSpec(const std::string& cluster, const nlohmann::json& body);
// Reads a quorum body found at `pointer` of a larger request.
std::optional<QuorumSpec> readQuorumSpec(const std::string& cluster, const nlohmann::json& body,
                                         const std::string& pointer, FieldErrors& errors);

// Where a field of the mode's section sits in the request, for errors found later.
std::string quorumDiskPointer(QuorumMode mode);

constexpr const char* kConfigureQuorumKind = "cluster.configureQuorum";

// The stored form: the access key sealed.
nlohmann::json toStored(const QuorumSpec& spec, SecretBox& secrets);
// The access key stays sealed in settings.cloudAccessKey; open it with the SecretBox.
QuorumSpec quorumSpecFromStored(const nlohmann::json& stored);

// A cluster.configureQuorum job for an existing cluster that has what the
// quorum needs (quorum_plan.h).
JobRequest jobRequest(const QuorumSpec& spec);

}  // namespace cf
