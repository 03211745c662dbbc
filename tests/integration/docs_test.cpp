// GET /docs against the real binary: Swagger UI's files come from inside the
// binary with tags and a content security policy, and headless Chromium
// renders the page with the contract's operations listed.
#include "tests/integration/service_test.h"

namespace cf::test {
namespace {

class DocsTest : public ServiceTest {};

TEST_F(DocsTest, ThePageAndItsFilesAreServedFromTheBinary) {
  start();
  auto anonymous = service->anonymousClient();
  auto page = anonymous.get("/docs");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.header("content-type").rfind("text/html", 0), 0u);
  EXPECT_NE(page.header("content-security-policy").find("script-src 'self'"), std::string::npos);
  EXPECT_NE(page.body.find("/docs/swagger-ui-bundle.js"), std::string::npos);
  EXPECT_EQ(page.body.find("https://"), std::string::npos) << "nothing from a CDN";

  auto bundle = anonymous.get("/docs/swagger-ui-bundle.js");
  ASSERT_EQ(bundle.status, 200);
  EXPECT_EQ(bundle.header("content-type").rfind("text/javascript", 0), 0u);
  EXPECT_GT(bundle.body.size(), 1000000u);
  EXPECT_EQ(anonymous.get("/docs/swagger-ui-bundle.js", {{"If-None-Match", bundle.header("etag")}}).status, 304);
  EXPECT_EQ(anonymous.get("/docs/swagger-ui.css").status, 200);
  EXPECT_EQ(anonymous.get("/docs/init.js").status, 200);
  EXPECT_EQ(anonymous.get("/docs/favicon-32x32.png").header("content-type"), "image/png");
  EXPECT_EQ(anonymous.get("/docs/../openapi.yaml").status, 404);
  EXPECT_EQ(anonymous.get("/docs/package.json").status, 404);
}

TEST_F(DocsTest, HeadlessChromiumRendersTheOperations) {
  auto browser = runShell("command -v chromium || command -v chromium-browser");
  ASSERT_EQ(browser.exitCode, 0) << "Chromium is needed: scripts/install-deps.sh --browser";
  std::string chromium = browser.output.substr(0, browser.output.find('\n'));
  start();
  // Virtual time lets the page's scripts fetch /openapi.yaml and render
  // before the DOM is dumped.
  auto dom = runShell(chromium +
                      " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run "
                      "--user-data-dir=" +
                      dir.file("chromium") + " --virtual-time-budget=20000 --dump-dom http://127.0.0.1:" +
                      std::to_string(service->port()) + "/docs 2>/dev/null");
  ASSERT_EQ(dom.exitCode, 0) << dom.output.substr(0, 2000);
  for (const char* expected :
       {"ClusterForge", "data-path=\"/v1/clusters/{name}\"", "data-path=\"/v1/jobs/{id}\"",
        "data-path=\"/v1/subscriptions\"", "authorize"}) {
    EXPECT_NE(dom.output.find(expected), std::string::npos) << expected << "\n" << dom.output.substr(0, 3000);
  }
}

}  // namespace
}  // namespace cf::test
