// Node preparation: installing roles and features, and the profiles that
// name sets of them.
#include "api/handlers.h"
#include "api/problem_response.h"
#include "api/request_parsing.h"
#include "orchestration/model/features.h"
#include "orchestration/specs/node_preparation_spec.h"

namespace cf::api {

void registerNodePreparationRoutes(Router& router, ApiDependencies& deps) {
  router.add("POST", "/v1/node-preparations", Access::Operator,
             [&deps](Request& request) {
               auto body = readJsonBody(request, deps.maxJsonDepth);
               if (auto* refused = std::get_if<Response>(&body)) return *refused;
               FieldErrors errors;
               auto spec = readNodePreparationSpec(std::get<nlohmann::json>(body), "", true, errors);
               if (!spec) return invalidInput(request, errors);
               return submitJob(request, deps, jobRequest(*spec));
             },
             {kDryRunParameter});
  router.add("GET", "/v1/profiles", Access::Reader, [](Request&) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& p : knownProfiles()) {
      items.push_back({{"name", p.name}, {"description", p.description}, {"features", p.features}});
    }
    return jsonResponse(200, {{"items", items}});
  });
  router.add("GET", "/v1/features", Access::Reader, [](Request&) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& f : knownFeatures()) {
      items.push_back({{"name", f.name},
                       {"displayName", f.displayName},
                       {"needsRestart", f.needsRestart},
                       {"since", f.since},
                       {"until", f.until.empty() ? nlohmann::json() : nlohmann::json(f.until)},
                       {"builtInFrom", f.builtInFrom.empty() ? nlohmann::json() : nlohmann::json(f.builtInFrom)}});
    }
    return jsonResponse(200, {{"items", items}});
  });
}

}  // namespace cf::api
