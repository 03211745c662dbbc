// The cluster's networks and quorum: observed with GET, configured with PUT
// (each PUT starts a job).
#include "api/handlers.h"
#include "api/problem_response.h"
#include "api/request_parsing.h"
#include "api/resource_json.h"
#include "orchestration/model/cluster_json.h"
#include "orchestration/model/computer_name.h"
#include "orchestration/specs/network_spec.h"
#include "orchestration/specs/quorum_spec.h"

namespace cf::api {

namespace {

// The observed cluster named in the path, or the 404 to send.
std::variant<ClusterView, Response> clusterFor(Request& request, ApiDependencies& deps) {
  const auto& name = request.param("name");
  auto cluster = computerNameProblem(name) ? std::nullopt : deps.jobs.cluster(canonicalName(name));
  if (!cluster) {
    return problemResponse(request, 404, "clusterNotFound", "Cluster not found", "there is no cluster named " + name);
  }
  return *cluster;
}

// Parses the body with `parse` and submits the job it asks for.
template <typename Parse>
Response configure(Request& request, ApiDependencies& deps, Parse parse) {
  auto body = readJsonBody(request, deps.maxJsonDepth);
  if (auto* refused = std::get_if<Response>(&body)) return *refused;
  const auto& name = request.param("name");
  if (auto problem = computerNameProblem(name)) {
    return invalidInput(request, {FieldError::parameter("name", "is not a valid cluster name: " + *problem)});
  }
  auto parsed = parse(canonicalName(name), std::get<nlohmann::json>(body));
  if (!parsed.spec) return invalidInput(request, parsed.errors);
  return submitJob(request, deps, jobRequest(*parsed.spec));
}

Response getNetworks(Request& request, ApiDependencies& deps) {
  auto cluster = clusterFor(request, deps);
  if (auto* missing = std::get_if<Response>(&cluster)) return *missing;
  const auto& state = std::get<ClusterView>(cluster).state;
  nlohmann::json items = nlohmann::json::array();
  for (const auto& n : state.networks) items.push_back(toJson(n));
  return jsonResponse(200, {{"cluster", state.name}, {"items", items}});
}

Response getQuorum(Request& request, ApiDependencies& deps) {
  auto cluster = clusterFor(request, deps);
  if (auto* missing = std::get_if<Response>(&cluster)) return *missing;
  const auto& state = std::get<ClusterView>(cluster).state;
  auto body = toJson(state.quorum);
  body["cluster"] = state.name;
  body["computerAccount"] = state.computerAccount.empty() ? nlohmann::json() : nlohmann::json(state.computerAccount);
  return jsonResponse(200, body);
}

}  // namespace

void registerClusterConfigRoutes(Router& router, ApiDependencies& deps) {
  router.add("GET", "/v1/clusters/{name}/networks", Access::Reader,
             [&deps](Request& r) { return getNetworks(r, deps); });
  router.add("PUT", "/v1/clusters/{name}/networks", Access::Operator,
             [&deps](Request& r) { return configure(r, deps, parseNetworkSpec); }, {kDryRunParameter});
  router.add("GET", "/v1/clusters/{name}/quorum", Access::Reader, [&deps](Request& r) { return getQuorum(r, deps); });
  router.add("PUT", "/v1/clusters/{name}/quorum", Access::Operator,
             [&deps](Request& r) { return configure(r, deps, parseQuorumSpec); }, {kDryRunParameter});
}

}  // namespace cf::api
