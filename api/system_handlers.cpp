#include "api/handlers.h"
#include "api/problem_response.h"

namespace cf::api {

bool serviceReady(const ApiDependencies& deps) {
  return deps.databaseHealth().ready && deps.backend.readiness().ready && deps.scheduler.running();
}

void registerSystemRoutes(Router& router, ApiDependencies& deps) {
  router.add("GET", "/healthz", Access::Anonymous, [&deps](Request&) {
    return jsonResponse(200, {{"status", "ok"}, {"version", deps.version}});
  });
  router.add("GET", "/readyz", deps.publicMetrics ? Access::Anonymous : Access::Reader, [&deps](Request&) {
    StorageHealth database = deps.databaseHealth();
    auto backend = deps.backend.readiness();
    bool scheduler = deps.scheduler.running();
    bool ready = serviceReady(deps);
    nlohmann::json checks = {
        {"database", {{"ready", database.ready}, {"detail", database.detail}}},
        {"backend", {{"ready", backend.ready}, {"kind", deps.backend.kind()}, {"detail", backend.detail}}},
        {"scheduler",
         {{"ready", scheduler}, {"queued", deps.scheduler.queuedCount()}, {"running", deps.scheduler.runningCount()}}},
    };
    return jsonResponse(ready ? 200 : 503, {{"status", ready ? "ready" : "notReady"}, {"checks", checks}});
  });
  router.add("GET", "/openapi.yaml", Access::Anonymous, [&deps](Request&) {
    Response r;
    r.contentType = "application/yaml";
    r.body = deps.openapiYaml;
    return r;
  });
}

}  // namespace cf::api
