// Turns the body of PUT /v1/clusters/{name} into a ClusterSpec, or into the
// list of every field that is wrong. The rules checked here are the ones that
// need no knowledge of the lab: name syntax, address syntax and range, one
// address per subnet, sizes. What the lab decides (does the node exist, is the
// address free) is the backend's to enforce when the job runs.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "orchestration/model/cluster_model.h"
#include "orchestration/common/field_error.h"

namespace cf {

// Windows Server 2016 and later allow 64 nodes; older versions fewer, which
// the backend enforces per OS version.
constexpr size_t kMaxClusterNodes = 64;
constexpr size_t kMaxStaticAddresses = 16;

struct ClusterSpecParse {
  std::optional<ClusterSpec> spec;
  FieldErrors errors;
};

// `name` is the path parameter; `body` the parsed request body.
ClusterSpecParse parseClusterSpec(const std::string& name, const nlohmann::json& body);

// The stored form, and reading back a spec this service stored itself.
nlohmann::json toStored(const ClusterSpec& spec);
ClusterSpec clusterSpecFromStored(const nlohmann::json& stored);

}  // namespace cf
