// A webhook receiver for integration tests: an HTTP/1.1 server on a loopback
// port that records every request it is sent and answers 200. stop() closes
// it (the port then refuses connections, an outage); start() again on the
// same port brings it back.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace cf::test {

struct ReceivedHook {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

class WebhookReceiver {
 public:
  ~WebhookReceiver() { stop(); }

  // Listens on `port` (0: a free one) and returns it.
  int start(int port = 0);
  // From now on answers 200 with a body of `bytes` bytes, with or without a
  // Content-Length (then it ends by closing): a receiver that talks too much.
  void answerWithBody(size_t bytes, bool withLength) {
    bodyBytes_ = bytes;
    bodyWithLength_ = withLength;
  }
  void stop();

  std::vector<ReceivedHook> received() const;
  // Waits until `done` holds for what was received; false after `timeout`.
  bool waitFor(const std::function<bool(const std::vector<ReceivedHook>&)>& done,
               std::chrono::seconds timeout = std::chrono::seconds(30)) const;

 private:
  void serve();
  void answer(int connection);

  std::atomic<size_t> bodyBytes_{0};
  std::atomic<bool> bodyWithLength_{true};
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> running_{false};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<ReceivedHook> received_;
};

}  // namespace cf::test
