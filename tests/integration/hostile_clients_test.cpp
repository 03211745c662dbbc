// What an attacker on the network can send, against the real binary: every
// answer is a 4xx/5xx problem+json (or a closed connection for broken
// framing), the limits and timeouts hold with their defaults or flags, and the
// service stays up. Tests of limits only the Beast transport enforces on
// Linux skip themselves under cpprestsdk, which Windows runs over http.sys.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "tests/integration/service_process.h"
#include "tests/integration/service_test.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_lab.h"

namespace cf::test {
namespace {

using namespace std::chrono_literals;

// One client connection held open, bytes sent when the test says.
class Connection {
 public:
  explicit Connection(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~Connection() { close(fd_); }
  Connection(const Connection&) = delete;

  bool connected() const { return connected_; }
  void send(const std::string& bytes) { ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL); }
  // What arrives within `wait`, and whether the server closed the connection.
  std::string receive(std::chrono::milliseconds wait, bool* closed = nullptr) {
    std::string out;
    auto until = std::chrono::steady_clock::now() + wait;
    if (closed) *closed = false;
    while (std::chrono::steady_clock::now() < until) {
      pollfd p{fd_, POLLIN, 0};
      int left = static_cast<int>(
          std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()).count());
      if (poll(&p, 1, std::max(left, 1)) <= 0) break;
      char buffer[8192];
      ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) {
        if (closed) *closed = true;
        break;
      }
      out.append(buffer, static_cast<size_t>(n));
    }
    return out;
  }

 private:
  int fd_;
  bool connected_ = false;
};

int statusOf(const std::string& answer) { return answer.size() > 12 ? std::stoi(answer.substr(9, 3)) : 0; }

void expectProblem(const HttpResponse& r, int status, const std::string& what) {
  EXPECT_EQ(r.status, status) << what << ": " << r.body;
  EXPECT_EQ(r.header("content-type"), "application/problem+json") << what;
  auto problem = nlohmann::json::parse(r.body, nullptr, false);
  ASSERT_FALSE(problem.is_discarded()) << what << ": " << r.body;
  EXPECT_EQ(problem["status"], status) << what;
}

bool beast() { return ServiceProcess::transport() == "beast"; }

class HostileClients : public ServiceTest {
 protected:
  void expectStillServing() {
    EXPECT_EQ(service->client().get("/healthz").status, 200);
    EXPECT_TRUE(service->running());
  }
};

TEST_F(HostileClients, InvalidUtf8AnywhereIsAnsweredNotCrashedOn) {
  start();
  auto client = service->client();
  auto r = client.get("/v1/clusters/%FF");
  expectProblem(r, 404, "%FF in the path");
  EXPECT_NE(r.body.find("\xEF\xBF\xBD"), std::string::npos);  // shown as U+FFFD
  expectProblem(client.get("/v1/jobs?cluster=%FF%FE"), 400, "%FF in a query parameter");
  expectProblem(client.request("PUT", "/v1/clusters/C1", "{}", {{"Content-Type", "text/\xff\xfe"}}), 415,
                "invalid UTF-8 in Content-Type");
  expectProblem(client.get("/v1/jobs/%C0%AF"), 404, "an overlong encoding");
  if (beast()) {
    auto raw = client.raw("GET /v1/clusters/\xff HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                          service->adminToken() + "\r\nConnection: close\r\n\r\n");
    expectProblem(raw, 404, "a raw 0xFF byte in the request line");
    EXPECT_NE(raw.body.find("\xEF\xBF\xBD"), std::string::npos);
  }
  expectStillServing();
}

TEST_F(HostileClients, DeepNestingAndDuplicateKeysAreRefusedBeforeParsing) {
  start();
  auto client = service->client();
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto r = client.put("/v1/clusters/C1", deep);
  expectProblem(r, 400, "100,000 nested arrays");
  EXPECT_NE(r.body.find("deeper than 64"), std::string::npos) << r.body;

  auto dup = client.put("/v1/clusters/EXCLUSTER/quorum", R"({"mode":"nodeMajority","mode":"diskOnly"})");
  expectProblem(dup, 400, "a duplicate key");
  EXPECT_EQ(dup.json()["errors"][0]["pointer"], "#/mode");
  auto nested =
      client.put("/v1/clusters/C1", R"({"nodes":["A"],"staticAddresses":[{"address":"10.0.0.5","address":"x"}]})");
  expectProblem(nested, 400, "a duplicate key in a list item");
  EXPECT_EQ(nested.json()["errors"][0]["pointer"], "#/staticAddresses/0/address");
  expectStillServing();
}

TEST_F(HostileClients, MethodsThatAreNotOursAre405AndNeverEchoed) {
  start();
  auto client = service->client();
  auto trace = client.request("TRACE", "/v1/jobs", "", {{"Cookie", "secret=1"}});
  expectProblem(trace, 405, "TRACE");
  EXPECT_EQ(trace.body.find("secret=1"), std::string::npos);
  expectProblem(client.request("FOO", "/v1/clusters", "", {}), 405, "a made-up method");
  expectProblem(client.request("TRACE", "/nowhere", "", {}), 405, "TRACE on no resource");
  if (beast()) {
    expectProblem(client.raw("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com\r\n\r\n"), 400, "CONNECT");
    expectProblem(client.raw("GET /healthz\r\n\r\n"), 400, "HTTP/0.9");
  }
  expectStillServing();
}

TEST_F(HostileClients, LongUrlsAre414AndNotEchoed) {
  start();
  std::string name(9000, 'A');
  auto r = service->client().get("/v1/clusters/" + name);
  expectProblem(r, 414, "a 9,000-byte URL");
  EXPECT_LT(r.body.size(), 1000u);
  expectStillServing();
}

TEST_F(HostileClients, HeaderLimitHolds) {
  if (!beast()) GTEST_SKIP() << "http.sys enforces header limits for the cpprestsdk transport";
  start({"--max-header-bytes", "4096"});
  expectProblem(service->client().get("/healthz", {{"X-Padding", std::string(8000, 'x')}}), 431, "an 8 KB header");
  expectProblem(service->client().get("/healthz", {{"X-Padding", std::string(200000, 'x')}}), 431, "a 200 KB header");
  expectStillServing();
}

TEST_F(HostileClients, SlowOrSilentClientsAreDisconnected) {
  if (!beast()) GTEST_SKIP() << "http.sys enforces timeouts for the cpprestsdk transport";
  start({"--header-timeout-ms", "300", "--body-timeout-ms", "300", "--keep-alive-timeout-ms", "300"});
  bool closed = false;

  Connection partialHeader(service->port());
  partialHeader.send("GET /healthz HTTP/1.1\r\nHost: x\r\n");  // and never the blank line
  partialHeader.receive(2s, &closed);
  EXPECT_TRUE(closed) << "an incomplete header";

  Connection partialBody(service->port());
  partialBody.send(
      "PUT /v1/clusters/C1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 100\r\n\r\n{\"nodes\"");
  partialBody.receive(2s, &closed);
  EXPECT_TRUE(closed) << "an incomplete body";

  Connection idle(service->port());
  idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string answer = idle.receive(2s, &closed);
  EXPECT_EQ(statusOf(answer), 200);
  EXPECT_TRUE(closed) << "a kept-alive connection left idle";

  Connection silent(service->port());
  silent.receive(2s, &closed);
  EXPECT_TRUE(closed) << "a connection that never sends";
  expectStillServing();
}

TEST_F(HostileClients, ConnectionsOverTheCapGet503AndTheRestStillWork) {
  if (!beast()) GTEST_SKIP() << "http.sys caps connections for the cpprestsdk transport";
  start({"--max-connections", "4"});
  // The harness's own readiness polls end a moment after their answers.
  std::this_thread::sleep_for(300ms);
  std::vector<std::unique_ptr<Connection>> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(std::make_unique<Connection>(service->port()));
    ASSERT_TRUE(held.back()->connected());
  }
  std::this_thread::sleep_for(200ms);  // the service accepts them
  bool closed = false;
  for (auto& c : held) {
    c->receive(10ms, &closed);
    ASSERT_FALSE(closed) << "a connection within the cap was refused";
  }
  Connection over(service->port());
  std::string answer = over.receive(2s, &closed);
  EXPECT_EQ(statusOf(answer), 503) << answer;
  EXPECT_NE(answer.find("application/problem+json"), std::string::npos);
  EXPECT_TRUE(closed);
  held.clear();
  std::this_thread::sleep_for(200ms);
  expectStillServing();
}

TEST_F(HostileClients, PipelinedRequestsAreAnsweredInOrder) {
  if (!beast()) GTEST_SKIP() << "cpprestsdk's listener drops pipelined requests (cpprest_transport.h)";
  start();
  Connection c(service->port());
  c.send(
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: first\r\n\r\n"
      "GET /v1/nothing HTTP/1.1\r\nHost: x\r\nX-Request-Id: second\r\n\r\n"
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: third\r\nConnection: close\r\n\r\n");
  std::string answers = c.receive(3s);
  auto first = answers.find("X-Request-Id: first"), second = answers.find("X-Request-Id: second"),
       third = answers.find("X-Request-Id: third");
  ASSERT_NE(first, std::string::npos) << answers;
  ASSERT_NE(second, std::string::npos) << answers;
  ASSERT_NE(third, std::string::npos) << answers;
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
  EXPECT_NE(answers.find("HTTP/1.1 404"), std::string::npos);
}

}  // namespace
}  // namespace cf::test
