#include "api/entity_tag.h"
#include "api/handlers.h"
#include "api/problem_response.h"
#include "api/request_parsing.h"
#include "api/resource_json.h"
#include "orchestration/jobs/problem.h"
#include "orchestration/model/cluster_json.h"
#include "orchestration/model/computer_name.h"
#include "orchestration/specs/cluster_apply_spec.h"
#include "orchestration/specs/cluster_lifecycle_spec.h"

namespace cf::api {

namespace {

Response putCluster(Request& request, ApiDependencies& deps) {
  auto body = readJsonBody(request, deps.maxJsonDepth);
  if (auto* refused = std::get_if<Response>(&body)) return *refused;
  auto parsed = parseClusterApplySpec(request.param("name"), std::get<nlohmann::json>(body));
  if (!parsed.spec) return invalidInput(request, parsed.errors);
  return submitJob(request, deps, jobRequest(*parsed.spec));
}

Response clusterNotFound(const Request& request, const std::string& name) {
  return problemResponse(request, 404, "clusterNotFound", "Cluster not found", "there is no cluster named " + name);
}

std::optional<ClusterView> observedCluster(const std::string& name, ApiDependencies& deps) {
  return computerNameProblem(name) ? std::nullopt : deps.jobs.cluster(canonicalName(name));
}

// The tag GET gives the representation (applyConditionalGet on the same
// bytes): what If-Match is checked against.
std::string tagOf(const nlohmann::json& representation) { return entityTagOf(jsonResponse(200, representation).body); }

Response getCluster(Request& request, ApiDependencies& deps) {
  auto cluster = observedCluster(request.param("name"), deps);
  if (!cluster) return clusterNotFound(request, request.param("name"));
  return jsonResponse(200, clusterToJson(*cluster));
}

Response deleteCluster(Request& request, ApiDependencies& deps) {
  auto deleteAccount = booleanQuery(request, "deleteComputerAccount", false);
  if (auto* refused = std::get_if<Response>(&deleteAccount)) return *refused;
  auto removeShare = booleanQuery(request, "removeWitnessShare", false);
  if (auto* refused = std::get_if<Response>(&removeShare)) return *refused;
  FieldErrors errors;
  auto spec =
      readDestroyClusterSpec(request.param("name"), std::get<bool>(deleteAccount), std::get<bool>(removeShare), errors);
  if (!spec) return invalidInput(request, errors, 400);
  auto cluster = observedCluster(spec->cluster, deps);
  if (!cluster) return clusterNotFound(request, spec->cluster);
  if (auto precondition = checkIfMatch(request, tagOf(clusterToJson(*cluster)))) return *precondition;
  return submitJob(request, deps, jobRequest(*spec));
}

// One node of a cluster, with its interfaces on the cluster's networks.
std::optional<nlohmann::json> nodeJson(const ClusterState& cluster, const std::string& node) {
  for (const auto& n : cluster.nodes) {
    if (!sameName(n.name, node)) continue;
    nlohmann::json interfaces = nlohmann::json::array();
    for (const auto& network : cluster.networks) {
      for (const auto& i : network.interfaces) {
        if (sameName(i.node, n.name)) {
          interfaces.push_back({{"network", network.name}, {"adapter", i.adapter}, {"address", i.address.toString()}});
        }
      }
    }
    return nlohmann::json{
        {"name", n.name},
        {"cluster", cluster.name},
        {"state", toString(n.state)},
        {"interfaces", interfaces},
        {"links",
         {{"self", "/v1/clusters/" + cluster.name + "/nodes/" + n.name}, {"cluster", "/v1/clusters/" + cluster.name}}}};
  }
  return std::nullopt;
}

Response nodeNotFound(const Request& request) {
  return problemResponse(request, 404, "nodeNotFound", "Node not found",
                         request.param("node") + " is not a node of cluster " + request.param("name"));
}

Response getNode(Request& request, ApiDependencies& deps) {
  auto cluster = observedCluster(request.param("name"), deps);
  if (!cluster) return clusterNotFound(request, request.param("name"));
  auto node = nodeJson(cluster->state, request.param("node"));
  if (!node) return nodeNotFound(request);
  return jsonResponse(200, *node);
}

Response evictNode(Request& request, ApiDependencies& deps) {
  FieldErrors errors;
  auto spec = readEvictNodeSpec(request.param("name"), request.param("node"), errors);
  if (!spec) return invalidInput(request, errors, 400);
  auto cluster = observedCluster(spec->cluster, deps);
  if (!cluster) return clusterNotFound(request, spec->cluster);
  auto node = nodeJson(cluster->state, spec->node);
  if (!node) return nodeNotFound(request);
  if (auto precondition = checkIfMatch(request, tagOf(*node))) return *precondition;
  return submitJob(request, deps, jobRequest(*spec));
}

Response listClusters(Request&, ApiDependencies& deps) {
  ClusterListing listing = deps.jobs.clusters();
  nlohmann::json items = nlohmann::json::array(), unreachable = nlohmann::json::array();
  for (const auto& cluster : listing.clusters) items.push_back(clusterToJson(cluster));
  for (const auto& u : listing.unreachable) {
    unreachable.push_back({{"name", u.name}, {"detail", u.error.message}, {"win32", win32Json(u.error)}});
  }
  return jsonResponse(200, {{"items", items}, {"unreachable", unreachable}});
}

}  // namespace

void registerClusterRoutes(Router& router, ApiDependencies& deps) {
  router.add("GET", "/v1/clusters", Access::Reader, [&deps](Request& r) { return listClusters(r, deps); });
  router.add("GET", "/v1/clusters/{name}", Access::Reader, [&deps](Request& r) { return getCluster(r, deps); });
  router.add("PUT", "/v1/clusters/{name}", Access::Operator, [&deps](Request& r) { return putCluster(r, deps); },
             {kDryRunParameter});
  router.add("DELETE", "/v1/clusters/{name}", Access::Operator, [&deps](Request& r) { return deleteCluster(r, deps); },
             {kDryRunParameter, "deleteComputerAccount", "removeWitnessShare"});
  router.add("GET", "/v1/clusters/{name}/nodes/{node}", Access::Reader,
             [&deps](Request& r) { return getNode(r, deps); });
  router.add("DELETE", "/v1/clusters/{name}/nodes/{node}", Access::Operator,
             [&deps](Request& r) { return evictNode(r, deps); }, {kDryRunParameter});
}

}  // namespace cf::api
