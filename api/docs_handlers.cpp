// GET /docs: Swagger UI over /openapi.yaml, for reading and trying the API in
// a browser. Every file is inside the binary (npm's swagger-ui-dist, embedded
// at build time, and our page and its start script), so the page works on a
// host without Internet access and loads nothing from a CDN.
#include "api/entity_tag.h"
#include "api/handlers.h"
#include "api/problem_response.h"

std::string clusterforgeDocsIndex();
std::string clusterforgeDocsInit();
std::string clusterforgeSwaggerUiBundle();
std::string clusterforgeSwaggerUiCss();
std::string clusterforgeSwaggerUiFavicon();

namespace cf::api {

namespace {

struct StaticFile {
  std::string contentType;
  std::string body;
  std::string tag;
};

// Made once: the bundle is 1.5 MB, too much to hash per request.
const std::map<std::string, StaticFile>& docsFiles() {
  static const std::map<std::string, StaticFile> files = [] {
    std::map<std::string, StaticFile> out = {
        {"", {"text/html; charset=utf-8", clusterforgeDocsIndex(), ""}},
        {"init.js", {"text/javascript; charset=utf-8", clusterforgeDocsInit(), ""}},
        {"swagger-ui-bundle.js", {"text/javascript; charset=utf-8", clusterforgeSwaggerUiBundle(), ""}},
        {"swagger-ui.css", {"text/css; charset=utf-8", clusterforgeSwaggerUiCss(), ""}},
        {"favicon-32x32.png", {"image/png", clusterforgeSwaggerUiFavicon(), ""}},
    };
    for (auto& [name, file] : out) file.tag = entityTagOf(file.body);
    return out;
  }();
  return files;
}

Response serve(const Request& request, const std::string& name) {
  auto found = docsFiles().find(name);
  if (found == docsFiles().end()) {
    return problemResponse(request, 404, "notFound", "Not found", "the docs page has no file " + name);
  }
  Response r;
  r.contentType = found->second.contentType;
  r.body = found->second.body;
  r.setHeader("ETag", found->second.tag);
  r.setHeader("Cache-Control", "no-cache");
  // Swagger UI styles elements inline and shows data: images; nothing else
  // leaves this origin.
  r.setHeader("Content-Security-Policy",
              "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
              "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
  r.setHeader("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace

void registerDocsRoutes(Router& router) {
  router.add("GET", "/docs", Access::Anonymous, [](Request& r) { return serve(r, ""); });
  router.add("GET", "/docs/{file}", Access::Anonymous, [](Request& r) { return serve(r, r.param("file")); });
}

}  // namespace cf::api
