#include "api/transport.h"

#include "api/beast_transport.h"
#include "api/cpprest_transport.h"
#include "api/problem_response.h"

namespace cf::api {

std::unique_ptr<Transport> makeTransport(const std::string& kind, const HttpApi& api, TransportOptions options,
                                         std::shared_ptr<spdlog::logger> log) {
  if (kind == "cpprest") return std::make_unique<CpprestTransport>(api, std::move(options), std::move(log));
  return std::make_unique<BeastTransport>(api, std::move(options), std::move(log));
}

Response transportProblem(int status, const std::string& code, const std::string& title, const std::string& detail,
                          const std::string& path) {
  Request request;
  request.path = path;
  request.requestId = chooseRequestId(std::nullopt);
  Response response = problemResponse(request, status, code, title, detail);
  response.setHeader("X-Request-Id", request.requestId);
  response.setHeader("Connection", "close");
  return response;
}

}  // namespace cf::api
