#include "tests/integration/webhook_receiver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "tests/integration/http_client.h"

namespace cf::test {

int WebhookReceiver::start(int port) {
  listener_ = socket(AF_INET, SOCK_STREAM, 0);
  int on = 1;
  setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  if (bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(listener_, 64) != 0) {
    throw std::runtime_error("the webhook receiver cannot listen on port " + std::to_string(port));
  }
  socklen_t length = sizeof address;
  getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  running_ = true;
  thread_ = std::thread([this] { serve(); });
  return port_;
}

void WebhookReceiver::stop() {
  if (!running_) return;
  running_ = false;
  thread_.join();
  close(listener_);
  listener_ = -1;
}

void WebhookReceiver::serve() {
  while (running_) {
    pollfd ready{listener_, POLLIN, 0};
    if (poll(&ready, 1, 50) <= 0) continue;
    int connection = accept(listener_, nullptr, nullptr);
    if (connection < 0) continue;
    answer(connection);
    close(connection);
  }
}

void WebhookReceiver::answer(int connection) {
  timeval timeout{5, 0};
  setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string text;
  char buffer[8192];
  size_t headerEnd = std::string::npos;
  size_t length = 0;
  for (;;) {
    ssize_t n = recv(connection, buffer, sizeof buffer, 0);
    if (n <= 0) return;
    text.append(buffer, static_cast<size_t>(n));
    if (headerEnd == std::string::npos && (headerEnd = text.find("\r\n\r\n")) != std::string::npos) {
      std::string lower = text.substr(0, headerEnd);
      for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      auto at = lower.find("content-length:");
      if (at != std::string::npos) length = std::stoul(lower.substr(at + 15));
    }
    if (headerEnd != std::string::npos && text.size() >= headerEnd + 4 + length) break;
  }
  ReceivedHook hook;
  size_t lineEnd = text.find("\r\n");
  std::string requestLine = text.substr(0, lineEnd);
  hook.method = requestLine.substr(0, requestLine.find(' '));
  hook.target = requestLine.substr(requestLine.find(' ') + 1, requestLine.rfind(' ') - requestLine.find(' ') - 1);
  hook.headers = parseHeaderLines(text, lineEnd + 2, headerEnd);
  hook.body = text.substr(headerEnd + 4, length);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    received_.push_back(std::move(hook));
  }
  size_t bytes = bodyBytes_;
  std::string reply = "HTTP/1.1 200 OK\r\n" +
                      (bodyWithLength_ ? "Content-Length: " + std::to_string(bytes) + "\r\n" : std::string()) +
                      "Connection: close\r\n\r\n";
  if (send(connection, reply.data(), reply.size(), MSG_NOSIGNAL) < 0) return;
  // Until the client stops reading and hangs up.
  std::string chunk(64 << 10, 'x');
  for (size_t sent = 0; sent < bytes; sent += chunk.size()) {
    if (send(connection, chunk.data(), std::min(chunk.size(), bytes - sent), MSG_NOSIGNAL) < 0) return;
  }
}

std::vector<ReceivedHook> WebhookReceiver::received() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return received_;
}

bool WebhookReceiver::waitFor(const std::function<bool(const std::vector<ReceivedHook>&)>& done,
                              std::chrono::seconds timeout) const {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (done(received())) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done(received());
}

}  // namespace cf::test
