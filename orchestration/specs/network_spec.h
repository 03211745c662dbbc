// The body of PUT /v1/clusters/{name}/networks, and the plan that turns it
// into changes against the networks a cluster has.
//
// parseNetworkSpec() checks what needs no knowledge of the cluster (syntax,
// ranges, enums). planNetworks() checks the rest against the observed cluster
// (each match finds exactly one network; no network that carries a cluster
// address loses client access; one network stays usable by the cluster; names
// stay unique) and lists only what differs. The API runs the plan to refuse a
// request up front; the job runs it again on what it observes when it runs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestration/model/cluster_model.h"
#include "orchestration/common/field_error.h"
#include "orchestration/jobs/job_request.h"

namespace cf {

constexpr size_t kMaxNetworkSettings = 32;
constexpr size_t kMaxNetworkNameLength = 64;

struct NetworkSetting {
  std::optional<Subnet> matchSubnet;  // exactly one of the two matches is set
  std::optional<std::string> matchName;
  std::optional<std::string> name;
  std::optional<NetworkRole> role;
  std::optional<uint32_t> metric;
};

struct NetworkSpec {
  std::string cluster;
  std::vector<NetworkSetting> networks;
};

struct NetworkSpecParse {
  std::optional<NetworkSpec> spec;
  FieldErrors errors;
};

// `body` is the whole request body; `pointer` where the settings list sits
// in it ("/networks" for the networks endpoint).
NetworkSpecParse parseNetworkSpec(const std::string& cluster, const nlohmann::json& body);
// Reads a list of settings at `pointer`, for callers that embed it elsewhere.
std::vector<NetworkSetting> readNetworkSettings(const nlohmann::json& list, const std::string& pointer,
                                                FieldErrors& errors);

constexpr const char* kConfigureNetworksKind = "cluster.configureNetworks";

// The stored form, and reading back a spec this service stored itself.
// Version 1 kept the API's {"match": {"subnet" | "name"}}; version 2 has
// its own flat matchSubnet / matchName.
constexpr int kNetworkSpecStoredVersion = 2;
nlohmann::json toStored(const NetworkSpec& spec);
NetworkSpec networkSpecFromStored(const nlohmann::json& stored);
nlohmann::json storedNetworkSpecV1toV2(nlohmann::json stored);

struct NetworkChange {
  std::string network;  // its name before any change
  std::optional<std::string> rename;
  std::optional<NetworkRole> role;
  std::optional<uint32_t> metric;
};

struct NetworkPlan {
  std::vector<NetworkChange> changes;  // only networks with something to change
  FieldErrors errors;                  // pointers into the request under `pointer`
};

NetworkPlan planNetworks(const ClusterState& cluster, const std::vector<NetworkSetting>& settings,
                         const std::string& pointer = "/networks");

// A cluster.configureNetworks job for an existing cluster whose plan works.
JobRequest jobRequest(const NetworkSpec& spec);

}  // namespace cf
