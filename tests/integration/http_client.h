// A small blocking HTTP/1.1 client over a loopback socket, for integration
// tests. It sends exactly the bytes asked for (so tests can send malformed
// requests too), reads the whole answer (Connection: close), and, when
// CLUSTERFORGE_CONTRACT_LOG names a folder, appends every exchange to a file
// of this process in it, one JSON line each, for the contract check.
#pragma once

#include <map>
#include <utility>
#include <string>

#include <nlohmann/json.hpp>

namespace cf::test {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  nlohmann::json json() const { return nlohmann::json::parse(body); }
  std::string header(const std::string& lowerCaseName) const;
};

// The header fields in text[begin, end) ("Name: value" lines ending in CRLF),
// by lower-case name.
std::map<std::string, std::string> parseHeaderLines(const std::string& text, size_t begin, size_t end);
// A whole HTTP/1.1 answer as read off the wire; throws when it is not one.
HttpResponse parseHttpResponse(const std::string& text);

class HttpClient {
 public:
  // With a token, every request carries it as a bearer token unless the
  // request sets Authorization itself.
  explicit HttpClient(int port, std::string token = "") : port_(port), token_(std::move(token)) {}

  HttpResponse get(const std::string& target, std::map<std::string, std::string> headers = {});
  HttpResponse put(const std::string& target, const std::string& body,
                   const std::string& contentType = "application/json");
  HttpResponse post(const std::string& target, const std::string& body = "",
                    const std::string& contentType = "application/json");
  HttpResponse request(const std::string& method, const std::string& target, const std::string& body,
                       std::map<std::string, std::string> headers);
  // Sends raw bytes as the whole request; returns what came back.
  HttpResponse raw(const std::string& bytes);

 private:
  void record(const std::string& method, const std::string& target, const HttpResponse& response);
  int port_;
  std::string token_;
};

}  // namespace cf::test
