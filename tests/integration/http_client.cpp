#include "tests/integration/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <stdexcept>

#include "orchestration/common/utf8.h"

namespace cf::test {

std::string HttpResponse::header(const std::string& lowerCaseName) const {
  auto it = headers.find(lowerCaseName);
  return it == headers.end() ? "" : it->second;
}

std::map<std::string, std::string> parseHeaderLines(const std::string& text, size_t begin, size_t end) {
  std::map<std::string, std::string> headers;
  for (size_t line = begin; line < end;) {
    size_t lineEnd = text.find("\r\n", line);
    std::string field = text.substr(line, lineEnd - line);
    auto colon = field.find(':');
    std::string name = field.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = field.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    headers[name] = value;
    line = lineEnd + 2;
  }
  return headers;
}

HttpResponse parseHttpResponse(const std::string& text) {
  HttpResponse r;
  auto headerEnd = text.find("\r\n\r\n");
  if (headerEnd == std::string::npos || text.compare(0, 5, "HTTP/") != 0) {
    throw std::runtime_error("not an HTTP response: " + text.substr(0, 200));
  }
  r.status = std::stoi(text.substr(text.find(' ') + 1, 3));
  r.headers = parseHeaderLines(text, text.find("\r\n") + 2, headerEnd);
  r.body = text.substr(headerEnd + 4);
  return r;
}

HttpResponse HttpClient::raw(const std::string& bytes) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port_));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port_));
  }
  timeval timeout{30, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer (413) and close before reading all
    sent += static_cast<size_t>(n);
  }
  std::string answer;
  char buffer[8192];
  while (true) {
    ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    answer.append(buffer, static_cast<size_t>(n));
    // Stop once a complete Content-Length body has arrived.
    auto headerEnd = answer.find("\r\n\r\n");
    if (headerEnd != std::string::npos) {
      auto parsed = parseHttpResponse(answer);
      auto length = parsed.headers.find("content-length");
      if (length != parsed.headers.end() && parsed.body.size() >= std::stoul(length->second)) break;
      if (length == parsed.headers.end() && (parsed.status == 304 || parsed.status == 204)) break;
    }
  }
  close(fd);
  return parseHttpResponse(answer);
}

HttpResponse HttpClient::request(const std::string& method, const std::string& target, const std::string& body,
                                 std::map<std::string, std::string> headers) {
  std::string text =
      method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port_) + "\r\nConnection: close\r\n";
  bool ownAuthorization = false;
  for (const auto& [name, value] : headers) {
    text += name + ": " + value + "\r\n";
    ownAuthorization = ownAuthorization || name == "Authorization" || name == "authorization";
  }
  if (!token_.empty() && !ownAuthorization) text += "Authorization: Bearer " + token_ + "\r\n";
  if (!body.empty() || method == "PUT" || method == "POST") {
    text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  text += "\r\n" + body;
  HttpResponse response = raw(text);
  record(method, target, response);
  return response;
}

HttpResponse HttpClient::get(const std::string& target, std::map<std::string, std::string> headers) {
  return request("GET", target, "", std::move(headers));
}

HttpResponse HttpClient::put(const std::string& target, const std::string& body, const std::string& contentType) {
  return request("PUT", target, body, {{"Content-Type", contentType}});
}

HttpResponse HttpClient::post(const std::string& target, const std::string& body, const std::string& contentType) {
  return request("POST", target, body, {{"Content-Type", contentType}});
}

void HttpClient::record(const std::string& method, const std::string& target, const HttpResponse& response) {
  const char* dir = std::getenv("CLUSTERFORGE_CONTRACT_LOG");
  if (!dir || !*dir) return;
  // One file per process: ctest runs test processes side by side, and their
  // appends to one shared file could interleave.
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  std::string path = std::string(dir) + "/responses-" + std::to_string(getpid()) + ".jsonl";
  nlohmann::json line = {{"method", method},
                         {"path", target.substr(0, target.find('?'))},
                         {"status", response.status},
                         {"contentType", response.header("content-type")},
                         // A binary body (an image) is checked by its media type only.
                         {"body", toValidUtf8(response.body)}};
  std::ofstream(path, std::ios::app) << line.dump() << "\n";
}

}  // namespace cf::test
