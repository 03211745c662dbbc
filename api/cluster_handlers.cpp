#include "api/handlers.h"
#include "api/problem_response.h"
#include "api/request_parsing.h"
#include "api/resource_json.h"
#include "orchestration/specs/cluster_apply_spec.h"
#include "orchestration/model/computer_name.h"
#include "orchestration/jobs/problem.h"

namespace cf::api {

namespace {

Response putCluster(Request& request, ApiDependencies& deps) {
  auto body = readJsonBody(request, deps.maxJsonDepth);
  if (auto* refused = std::get_if<Response>(&body)) return *refused;
  auto parsed = parseClusterApplySpec(request.param("name"), std::get<nlohmann::json>(body));
  if (!parsed.spec) return invalidInput(request, parsed.errors);
  return submitJob(request, deps, jobRequest(*parsed.spec));
}

Response getCluster(Request& request, ApiDependencies& deps) {
  const auto& name = request.param("name");
  auto cluster = computerNameProblem(name) ? std::nullopt : deps.jobs.cluster(canonicalName(name));
  if (!cluster) {
    return problemResponse(request, 404, "clusterNotFound", "Cluster not found", "there is no cluster named " + name);
  }
  return jsonResponse(200, clusterToJson(*cluster));
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
  router.add("PUT", "/v1/clusters/{name}", Access::Operator, [&deps](Request& r) { return putCluster(r, deps); });
}

}  // namespace cf::api
