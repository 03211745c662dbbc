// Swagger UI over the service's own contract. "Authorize" takes a bearer
// token (a reader's is enough to read; "Try it out" then calls this service).
// The token stays in the page: it is not persisted.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.yaml",
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
