#include "api/handlers.h"
#include "api/problem_response.h"

namespace cf::api {

ServiceReadiness observeReadiness(const ApiDependencies& deps) {
  return {deps.databaseHealth(), deps.backend.readiness(), deps.scheduler.running()};
}

void registerSystemRoutes(Router& router, ApiDependencies& deps) {
  router.add("GET", "/healthz", Access::Anonymous, [&deps](Request&) {
    return jsonResponse(200, {{"status", "ok"}, {"version", deps.version}});
  });
  router.add("GET", "/readyz", deps.publicMetrics ? Access::Anonymous : Access::Reader, [&deps](Request&) {
    ServiceReadiness seen = observeReadiness(deps);
    bool ready = seen.ready();
    nlohmann::json checks = {
        {"database", {{"ready", seen.database.ready}, {"detail", seen.database.detail}}},
        {"backend", {{"ready", seen.backend.ready}, {"kind", deps.backend.kind()}, {"detail", seen.backend.detail}}},
        {"scheduler",
         {{"ready", seen.scheduler},
          {"queued", deps.scheduler.queuedCount()},
          {"running", deps.scheduler.runningCount()}}},
    };
    return jsonResponse(ready ? 200 : 503,
                        {{"status", ready ? "ready" : "notReady"}, {"instance", deps.instanceId}, {"checks", checks}});
  });
  router.add("GET", "/v1/instances", Access::Reader, [&deps](Request&) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& i : deps.instances ? deps.instances() : std::vector<InstanceInfo>{}) {
      items.push_back({{"id", i.id},
                       {"address", i.address},
                       {"version", i.version},
                       {"startedAt", i.startedAt},
                       {"heartbeatAt", i.heartbeatAt},
                       {"jobs", i.jobs}});
    }
    return jsonResponse(200, {{"items", items}});
  });
  router.add("GET", "/openapi.yaml", Access::Anonymous, [&deps](Request&) {
    Response r;
    r.contentType = "application/yaml";
    r.body = deps.openapiYaml;
    return r;
  });
}

}  // namespace cf::api
