// Fuzzes a request body through everything that reads one: the shape check
// and the JSON parse (readJsonBody), then every spec parser and the webhook
// subscription's, the stored forms they write and read back, and the
// up-front plans against the runbook's cluster. Nothing may crash or hang,
// whatever the bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <variant>

#include "api/request_parsing.h"
#include "api/subscription_request.h"
#include "orchestration/specs/cluster_apply_spec.h"
#include "orchestration/specs/cluster_spec.h"
#include "orchestration/specs/network_spec.h"
#include "orchestration/specs/node_preparation_spec.h"
#include "orchestration/specs/quorum_plan.h"
#include "orchestration/specs/quorum_spec.h"
#include "orchestration/specs/validation_spec.h"

namespace {

// The runbook's cluster as the simulated lab creates it: two networks, no disk.
cf::ClusterState runbookCluster() {
  cf::ClusterState c;
  c.name = "EXCLUSTER";
  c.domain = "contoso.local";
  c.computerAccount = "CONTOSO\\EXCLUSTER$";
  c.nodes = {{"EX-NODE1", cf::NodeState::Up}, {"EX-NODE2", cf::NodeState::Up}};
  c.addresses = {{*cf::Ipv4Address::parse("10.0.0.50"), 24}};
  c.networks = {{"Cluster Network 1", *cf::Subnet::parseCidr("10.0.0.0/24"), cf::NetworkRole::ClusterAndClient, 100,
                 true, {}},
                {"Cluster Network 2", *cf::Subnet::parseCidr("192.168.10.0/24"), cf::NetworkRole::ClusterAndClient, 101,
                 true, {}}};
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const cf::ClusterState cluster = runbookCluster();
  cf::api::Request request;
  request.method = "PUT";
  request.path = "/v1/clusters/EXCLUSTER";
  request.headers["content-type"] = "application/json";
  request.body.assign(reinterpret_cast<const char*>(data), size);
  auto body = cf::api::readJsonBody(request, 64);
  const auto* json = std::get_if<nlohmann::json>(&body);
  if (!json) return 0;

  auto subscription = cf::api::parseSubscriptionRequest(*json);
  if (const auto* wanted = std::get_if<cf::api::SubscriptionRequest>(&subscription)) {
    if (cf::api::webhookUrlProblem(wanted->url) || wanted->events.empty()) std::abort();
  }
  auto apply = cf::parseClusterApplySpec("EXCLUSTER", *json);
  if (apply.spec) {
    // The heartbeat settings survive being stored, and the node rule holds on any cluster.
    if (cf::clusterSpecFromStored(cf::toStored(apply.spec->cluster)).properties != apply.spec->cluster.properties) {
      std::abort();
    }
    cf::nodesMissingFromSpec(cluster, apply.spec->cluster);
  }
  auto networks = cf::parseNetworkSpec("EXCLUSTER", *json);
  if (networks.spec) {
    cf::networkSpecFromStored(cf::toStored(*networks.spec));
    cf::planNetworks(cluster, networks.spec->networks);
  }
  auto quorum = cf::parseQuorumSpec("EXCLUSTER", *json);
  if (quorum.spec) cf::planQuorum(*quorum.spec, cluster);
  auto validation = cf::parseValidationSpec(*json);
  if (validation.spec) cf::validationSpecFromStored(cf::toStored(*validation.spec));
  cf::FieldErrors errors;
  if (auto prepare = cf::readNodePreparationSpec(*json, "", true, errors)) {
    cf::nodePreparationSpecFromStored(cf::toStored(*prepare));
  }
  return 0;
}
