// Long-polling against the real binary (Prefer: wait, RFC 7240): a parked
// GET answers as soon as its job changes, or 304 / an empty page when the
// wait ends; a thousand parked requests hold no request thread.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>

#include "tests/integration/job_polling.h"
#include "tests/integration/service_test.h"

namespace cf::test {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

class LongPollTest : public ServiceTest {
 protected:
  // One worker and slow changes: the cluster job runs for a minute and the
  // validation submitted after it stays queued until someone cancels it.
  std::string queuedJob;

  void startWithAQueuedJob(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--sim-delay-ms", "60000", "--workers", "1"};
    args.insert(args.end(), extra.begin(), extra.end());
    start(args);
    auto client = service->client();
    ASSERT_EQ(client.put("/v1/clusters/EXCLUSTER", runbookClusterBody()).status, 202);
    auto validation = client.post("/v1/validations", json{{"nodes", {"EX-NODE1", "EX-NODE2"}}}.dump());
    ASSERT_EQ(validation.status, 202);
    queuedJob = validation.json()["id"];
  }
};

TEST_F(LongPollTest, AParkedGetAnswersWithinATenthOfASecondOfTheJobsChange) {
  startWithAQueuedJob();
  auto client = service->client();
  auto first = client.get("/v1/jobs/" + queuedJob);
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(first.json()["status"], "queued");
  std::string tag = first.header("etag");

  auto parked = std::async(std::launch::async, [&] {
    auto r = client.get("/v1/jobs/" + queuedJob, {{"If-None-Match", tag}, {"Prefer", "wait=30"}});
    return std::make_pair(r, Clock::now());
  });
  EXPECT_EQ(parked.wait_for(std::chrono::milliseconds(500)), std::future_status::timeout) << "it did not wait";
  ASSERT_EQ(client.post("/v1/jobs/" + queuedJob + "/cancel").status, 202);
  auto changed = Clock::now();
  ASSERT_EQ(parked.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  auto [answer, answeredAt] = parked.get();
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.header("preference-applied"), "wait=30");
  EXPECT_NE(answer.header("etag"), tag);
  EXPECT_EQ(answer.json()["cancelRequested"], true);
  EXPECT_LT(answeredAt - changed, std::chrono::milliseconds(100));
}

TEST_F(LongPollTest, AParkedGetIsNotModifiedWhenTheWaitEnds) {
  startWithAQueuedJob();
  auto client = service->client();
  std::string tag = client.get("/v1/jobs/" + queuedJob).header("etag");
  auto asked = Clock::now();
  auto unchanged = client.get("/v1/jobs/" + queuedJob, {{"If-None-Match", tag}, {"Prefer", "wait=1"}});
  EXPECT_EQ(unchanged.status, 304);
  EXPECT_EQ(unchanged.header("preference-applied"), "wait=1");
  EXPECT_GE(Clock::now() - asked, std::chrono::milliseconds(900));

  // Without a matching If-None-Match there is something new to say at once.
  auto fresh = client.get("/v1/jobs/" + queuedJob, {{"If-None-Match", "\"other\""}, {"Prefer", "wait=30"}});
  EXPECT_EQ(fresh.status, 200);
  EXPECT_EQ(fresh.header("preference-applied"), "");
}

TEST_F(LongPollTest, AFinishedJobIsNotWaitedOn) {
  start();
  auto client = service->client();
  auto submitted = client.post("/v1/validations", json{{"nodes", {"EX-NODE1", "EX-NODE2"}}}.dump());
  ASSERT_EQ(submitted.status, 202);
  std::string id = submitted.json()["id"];
  waitForFinish(client, id);
  std::string tag = client.get("/v1/jobs/" + id).header("etag");
  auto asked = Clock::now();
  auto job = client.get("/v1/jobs/" + id, {{"If-None-Match", tag}, {"Prefer", "wait=30"}});
  EXPECT_EQ(job.status, 304);
  auto events = client.get("/v1/jobs/" + id + "/events?after=100000", {{"Prefer", "wait=30"}});
  EXPECT_EQ(events.status, 200);
  EXPECT_EQ(events.json()["items"].size(), 0u);
  EXPECT_LT(Clock::now() - asked, std::chrono::seconds(10));
}

TEST_F(LongPollTest, AnEventPageWaitsForTheNextEventOrComesBackEmpty) {
  startWithAQueuedJob();
  auto client = service->client();
  auto page = client.get("/v1/jobs/" + queuedJob + "/events");
  ASSERT_EQ(page.status, 200);
  long long last = page.json()["lastSequence"];

  auto empty = client.get("/v1/jobs/" + queuedJob + "/events?after=" + std::to_string(last), {{"Prefer", "wait=1"}});
  EXPECT_EQ(empty.status, 200);
  EXPECT_EQ(empty.json()["items"].size(), 0u);
  EXPECT_EQ(empty.json()["lastSequence"], last);
  EXPECT_EQ(empty.header("preference-applied"), "wait=1");

  auto parked = std::async(std::launch::async, [&] {
    return client.get("/v1/jobs/" + queuedJob + "/events?after=" + std::to_string(last), {{"Prefer", "wait=30"}});
  });
  EXPECT_EQ(parked.wait_for(std::chrono::milliseconds(500)), std::future_status::timeout) << "it did not wait";
  ASSERT_EQ(client.post("/v1/jobs/" + queuedJob + "/cancel").status, 202);
  ASSERT_EQ(parked.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  auto next = parked.get();
  EXPECT_EQ(next.status, 200);
  ASSERT_GE(next.json()["items"].size(), 1u);
  EXPECT_GT(next.json()["lastSequence"].get<long long>(), last);
}

// A request written on a socket of its own and left there, read later.
class OpenRequest {
 public:
  OpenRequest(int port, const std::string& bytes) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (fd_ < 0 || connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      throw std::runtime_error("cannot connect");
    }
    timeval timeout{30, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    if (send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(bytes.size())) {
      throw std::runtime_error("cannot send");
    }
  }
  ~OpenRequest() { close(fd_); }
  OpenRequest(const OpenRequest&) = delete;
  OpenRequest& operator=(const OpenRequest&) = delete;

  HttpResponse answer() {
    std::string text;
    char buffer[8192];
    ssize_t n;
    while ((n = recv(fd_, buffer, sizeof buffer, 0)) > 0) text.append(buffer, static_cast<size_t>(n));
    return parseHttpResponse(text);
  }

 private:
  int fd_ = -1;
};

void allowManyOpenFiles() {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
}

TEST_F(LongPollTest, AThousandParkedRequestsHoldNoRequestThread) {
  allowManyOpenFiles();
  startWithAQueuedJob({"--max-connections", "1100"});
  auto client = service->client();
  std::string tag = client.get("/v1/jobs/" + queuedJob).header("etag");
  std::string request = "GET /v1/jobs/" + queuedJob + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                        service->adminToken() + "\r\nIf-None-Match: " + tag +
                        "\r\nPrefer: wait=60\r\nConnection: close\r\n\r\n";
  std::vector<std::unique_ptr<OpenRequest>> parked;
  for (int i = 0; i < 1000; ++i) parked.push_back(std::make_unique<OpenRequest>(service->port(), request));

  // The service has four request threads. Had the waiters taken them, these
  // would wait the whole minute.
  auto asked = Clock::now();
  EXPECT_EQ(client.get("/healthz").status, 200);
  EXPECT_EQ(client.get("/v1/jobs?limit=5").status, 200);
  EXPECT_EQ(client.get("/v1/jobs/" + queuedJob).status, 200);
  EXPECT_LT(Clock::now() - asked, std::chrono::seconds(10));

  ASSERT_EQ(client.post("/v1/jobs/" + queuedJob + "/cancel").status, 202);
  int changed = 0;
  for (auto& one : parked) {
    auto r = one->answer();
    if (r.status == 200 && r.json()["cancelRequested"] == true) ++changed;
  }
  EXPECT_EQ(changed, 1000);
  EXPECT_LT(Clock::now() - asked, std::chrono::seconds(50));
}

}  // namespace
}  // namespace cf::test
