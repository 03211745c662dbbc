// Who may do what, against the real binary. The matrix is generated from the
// contract (each operation's x-required-role), so a new route cannot be
// missed: every operation is called as anonymous, reader, operator, admin,
// and with an expired and a revoked token. Then the token lifecycle over
// HTTP, throttling of failed attempts, the audit trail, and that no token is
// ever written anywhere in clear.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <SQLiteCpp/SQLiteCpp.h>

#include "tests/integration/service_process.h"
#include "tests/integration/service_test.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_lab.h"

namespace cf::test {
namespace {

struct Operation {
  std::string method;  // upper case
  std::string path;    // as the contract writes it, {params} included
  std::string role;    // anonymous, reader, operator, admin
};

std::vector<Operation> contractOperations() {
  std::ifstream in(std::string(CLUSTERFORGE_SOURCE_DIR) + "/openapi/openapi.yaml");
  std::vector<Operation> out;
  std::string line, path, method;
  std::regex pathLine(R"(^  (/\S*):\s*$)"), methodLine(R"(^    (get|put|post|delete|patch):\s*$)"),
      roleLine(R"(^      x-required-role: (\w+)\s*$)");
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_match(line, m, pathLine)) path = m[1];
    else if (std::regex_match(line, m, methodLine)) method = m[1];
    else if (std::regex_match(line, m, roleLine)) {
      std::string upper = method;
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      out.push_back({upper, path, m[1]});
    }
  }
  return out;
}

// A concrete target: path parameters filled with values that exist or not,
// but never the caller's own token.
std::string concrete(const std::string& path) {
  std::string out = std::regex_replace(path, std::regex(R"(/v1/tokens/\{name\})"), "/v1/tokens/nobody");
  out = std::regex_replace(out, std::regex(R"(\{name\})"), "EXCLUSTER");
  out = std::regex_replace(out, std::regex(R"(\{node\})"), "EX-NODE1");
  out = std::regex_replace(out, std::regex(R"(\{file\})"), "init.js");
  return std::regex_replace(out, std::regex(R"(\{id\})"), "00000000-0000-4000-8000-000000000000");
}

int rank(const std::string& role) { return role == "reader" ? 1 : role == "operator" ? 2 : role == "admin" ? 3 : 0; }

class Authorization : public ServiceTest {
 protected:
  HttpClient as(const std::string& token) { return HttpClient(service->port(), token); }
};

TEST_F(Authorization, EveryOperationInTheContractAnswersEachCallerAsItsRoleAllows) {
  start({"--auth-failures-per-minute", "100000"});
  auto operations = contractOperations();
  ASSERT_GT(operations.size(), 20u);
  std::string reader = createToken(dir.path(), "reader"), op = createToken(dir.path(), "operator");
  std::string expired = createToken(dir.path(), "admin"), revoked = createToken(dir.path(), "admin");
  {
    SQLite::Database db(dir.file("clusterforge.db"), SQLite::OPEN_READWRITE);
    db.exec(
        "UPDATE tokens SET expires_at = '2020-01-01T00:00:00.000Z' WHERE name = (SELECT name FROM tokens "
        "ORDER BY created_at DESC, rowid DESC LIMIT 1 OFFSET 1)");
  }
  auto list = service->client().get("/v1/tokens").json()["items"];
  std::string revokedName = list.back()["name"];
  ASSERT_EQ(service->client().request("DELETE", "/v1/tokens/" + revokedName, "", {}).status, 204);

  struct Caller {
    std::string name;
    std::string token;
    int rank;  // 0: no valid token
  };
  std::vector<Caller> callers = {{"anonymous", "", 0},    {"reader", reader, 1},
                                 {"operator", op, 2},     {"admin", service->adminToken(), 3},
                                 {"expired", expired, 0}, {"revoked", revoked, 0}};
  std::set<std::string> seenRoles;
  for (const auto& operation : operations) {
    seenRoles.insert(operation.role);
    for (const auto& caller : callers) {
      std::map<std::string, std::string> headers = {{"Content-Type", "application/json"}};
      std::string body = operation.method == "PUT" || operation.method == "POST" ? "{}" : "";
      auto r = as(caller.token).request(operation.method, concrete(operation.path), body, headers);
      std::string what = caller.name + " " + operation.method + " " + operation.path + ": " + r.body;
      EXPECT_LT(r.status, 500) << what;
      if (operation.role == "anonymous") {
        EXPECT_NE(r.status, 401) << what;
        EXPECT_NE(r.status, 403) << what;
      } else if (caller.rank == 0) {
        EXPECT_EQ(r.status, 401) << what;
        EXPECT_EQ(r.header("www-authenticate").rfind("Bearer", 0), 0u) << what;
        EXPECT_EQ(r.header("content-type"), "application/problem+json") << what;
      } else if (caller.rank < rank(operation.role)) {
        EXPECT_EQ(r.status, 403) << what;
        EXPECT_EQ(r.header("content-type"), "application/problem+json") << what;
      } else {
        EXPECT_NE(r.status, 401) << what;
        EXPECT_NE(r.status, 403) << what;
      }
    }
  }
  EXPECT_EQ(seenRoles, (std::set<std::string>{"anonymous", "reader", "operator", "admin"}));
}

TEST_F(Authorization, RefusalsNeverSayWhetherATokenExists) {
  start({"--auth-failures-per-minute", "100000"});
  std::string revoked = createToken(dir.path(), "admin");
  auto names = service->client().get("/v1/tokens").json()["items"];
  service->client().request("DELETE", "/v1/tokens/" + names.back()["name"].get<std::string>(), "", {});
  auto unknown = as("cft_no-such-token").get("/v1/jobs");
  auto gone = as(revoked).get("/v1/jobs");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(unknown.json()["detail"], gone.json()["detail"]);
  EXPECT_EQ(unknown.json()["title"], gone.json()["title"]);
}

TEST_F(Authorization, TokensAreMadeUsedAndRevokedOverHttp) {
  start();
  auto admin = service->client();
  auto made = admin.post("/v1/tokens", R"({"name":"portal","role":"operator","expiresIn":"30d"})");
  ASSERT_EQ(made.status, 201) << made.body;
  std::string token = made.json()["token"];
  EXPECT_EQ(token.rfind("cft_", 0), 0u);
  EXPECT_GE(token.size(), 4u + 43u);                                                        // 256 bits
  EXPECT_EQ(admin.post("/v1/tokens", R"({"name":"portal","role":"reader"})").status, 422);  // the name is taken
  EXPECT_EQ(admin.post("/v1/tokens", R"({"name":"x","role":"root"})").status, 422);
  EXPECT_EQ(admin.post("/v1/tokens", R"({"name":"x","role":"reader","extra":1})").status, 422);

  auto portal = as(token);
  auto job = portal.put("/v1/clusters/EXCLUSTER", runbookClusterBody());
  EXPECT_EQ(job.status, 202) << job.body;
  EXPECT_EQ(portal.get("/v1/tokens").status, 403);  // an operator is no admin
  auto listed = admin.get("/v1/tokens").json();
  for (const auto& t : listed["items"]) EXPECT_FALSE(t.contains("token"));

  EXPECT_EQ(admin.request("DELETE", "/v1/tokens/portal", "", {}).status, 204);
  EXPECT_EQ(portal.get("/v1/jobs").status, 401);
  EXPECT_EQ(admin.request("DELETE", "/v1/tokens/portal", "", {}).status, 404);

  // The trail names who did what, never with the token itself.
  auto trail = admin.get("/v1/audit?token=portal").json()["items"];
  ASSERT_FALSE(trail.empty());
  bool started = false;
  for (const auto& a : trail)
    started = started || (a["method"] == "PUT" && a["status"] == 202 && !a["jobId"].is_null());
  EXPECT_TRUE(started) << trail.dump(2);
  EXPECT_EQ(admin.get("/v1/audit").body.find(token), std::string::npos);
}

TEST_F(Authorization, FailedAttemptsAreThrottled) {
  start({"--auth-failures-per-minute", "5"});
  auto guesser = as("cft_guess");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(guesser.get("/v1/jobs").status, 401);
  auto throttled = guesser.get("/v1/jobs");
  EXPECT_EQ(throttled.status, 429);
  EXPECT_FALSE(throttled.header("retry-after").empty());
  // The address is throttled, whatever token it sends next.
  EXPECT_EQ(service->client().get("/v1/jobs").status, 429);
  EXPECT_EQ(service->anonymousClient().get("/healthz").status, 200);  // health needs no token
}

TEST_F(Authorization, OnlyHealthTheContractAndItsDocsPageAreOpenByDefault) {
  start();
  auto anonymous = service->anonymousClient();
  EXPECT_EQ(anonymous.get("/healthz").status, 200);
  EXPECT_EQ(anonymous.get("/openapi.yaml").status, 200);
  EXPECT_EQ(anonymous.get("/docs").status, 200);
  EXPECT_EQ(anonymous.get("/readyz").status, 401);
  EXPECT_EQ(anonymous.get("/metrics").status, 401);
  ServiceProcess scraped(dir.file("public"), {"--public-metrics"});
  std::filesystem::create_directories(dir.file("public"));
  scraped.start();
  EXPECT_EQ(scraped.anonymousClient().get("/readyz").status, 200);
  EXPECT_EQ(scraped.anonymousClient().get("/metrics").status, 200);
  EXPECT_EQ(scraped.anonymousClient().get("/v1/jobs").status, 401);
}

TEST_F(Authorization, CorsPreflightsAreAnsweredForTheNamedOriginsOnly) {
  start({"--cors-origin", "https://portal.contoso.local"});
  auto preflight = [&](const std::string& origin) {
    return service->anonymousClient().request("OPTIONS", "/v1/clusters/EXCLUSTER", "",
                                              {{"Origin", origin},
                                               {"Access-Control-Request-Method", "PUT"},
                                               {"Access-Control-Request-Headers", "authorization, content-type"}});
  };
  auto allowed = preflight("https://portal.contoso.local");
  EXPECT_EQ(allowed.status, 204);
  EXPECT_EQ(allowed.header("access-control-allow-origin"), "https://portal.contoso.local");
  EXPECT_NE(allowed.header("access-control-allow-headers").find("Authorization"), std::string::npos);
  auto other = preflight("https://evil.example");
  EXPECT_NE(other.status, 204);
  EXPECT_EQ(other.header("access-control-allow-origin"), "");

  auto read = service->client().get("/v1/jobs", {{"Origin", "https://portal.contoso.local"}});
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(read.header("access-control-allow-origin"), "https://portal.contoso.local");
  EXPECT_NE(read.header("access-control-expose-headers").find("Location"), std::string::npos);
  EXPECT_EQ(
      service->client().get("/v1/jobs", {{"Origin", "https://evil.example"}}).header("access-control-allow-origin"),
      "");
}

// Every byte the service wrote, as text: what a curious reader of the disk sees.
std::string everythingWrittenUnder(const std::string& folder) {
  std::string all;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    all += std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  return all;
}

TEST_F(Authorization, NoTokenIsEverWrittenInClear) {
  start();
  auto admin = service->client();
  std::string viaHttp = admin.post("/v1/tokens", R"({"name":"ci","role":"reader"})").json()["token"];
  std::string viaCli = createToken(dir.path(), "operator");
  as(viaHttp).get("/v1/jobs");
  as(viaCli).put("/v1/clusters/EXCLUSTER", runbookClusterBody());
  as(viaCli + "x").get("/v1/jobs");  // a failed attempt is logged and audited too
  std::string responses = admin.get("/v1/audit").body + admin.get("/v1/tokens").body + admin.get("/v1/jobs").body;
  service->terminate();
  std::string disk = everythingWrittenUnder(dir.path());
  for (const auto& token : {viaHttp, viaCli, service->adminToken()}) {
    EXPECT_EQ(disk.find(token), std::string::npos) << "a token in clear in the data directory or the log";
    EXPECT_EQ(responses.find(token), std::string::npos) << "a token in an answer other than its creation";
  }
}

}  // namespace
}  // namespace cf::test
