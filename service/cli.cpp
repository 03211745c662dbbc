#include "service/cli.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <nlohmann/json.hpp>

#include "orchestration/jobs/job_service.h"
#include "service/cli_progress.h"

namespace cf::service {

namespace {

using nlohmann::json;

constexpr int kLongPollSeconds = 30;
constexpr int kTriesWhenUnreachable = 5;
// Enough for the longest report page; more is not the service answering.
constexpr size_t kLongestAnswer = 64 << 20;

struct Unreachable : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// The service answered with a problem; what() is its description.
struct Refused : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct BadInput : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// Every call of one command: the server, the token, and what a refusal means.
class Service {
 public:
  Service(const ClientArguments& args, api::HttpClient& http) : args_(args), http_(http) {}

  api::OutboundResponse call(const std::string& method, const std::string& path, const std::string& body = "",
                             std::vector<std::pair<std::string, std::string>> headers = {},
                             std::chrono::seconds timeout = std::chrono::seconds(30)) {
    if (!args_.token.empty()) headers.emplace_back("Authorization", "Bearer " + args_.token);
    headers.emplace_back("Accept", "application/json");
    api::OutboundRequest request{method, args_.server + path, std::move(headers), body, timeout, kLongestAnswer};
    auto answer = http_.send(request);
    if (!answer.status) throw Unreachable("no answer from " + args_.server + ": " + answer.error);
    if (*answer.status >= 400) {
      json problem = json::parse(answer.body, nullptr, false);
      throw Refused(method + " " + path + " answered " + std::to_string(*answer.status) + ": " +
                    describeProblem(problem.is_discarded() ? json() : problem));
    }
    return answer;
  }

  json getJson(const std::string& path) { return json::parse(call("GET", path).body); }

 private:
  const ClientArguments& args_;
  api::HttpClient& http_;
};

void printTable(std::ostream& out, const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths(header.size());
  for (size_t c = 0; c < header.size(); ++c) widths[c] = header[c].size();
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  auto print = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) line += std::string(widths[c] - row[c].size() + 2, ' ');
    }
    out << line << "\n";
  };
  print(header);
  for (const auto& row : rows) print(row);
}

std::string joined(const json& items, const char* field) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item.is_object() ? jsonText(item[field]) : jsonText(item);
  }
  return out;
}

// Follows the job with long-polls until it ends; 0 when it succeeded.
int follow(Service& service, const std::string& id, std::ostream& out, std::ostream& err, bool terminal) {
  JobProgressDisplay display(out, terminal);
  std::string tag;
  int misses = 0;
  json job;
  for (;;) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!tag.empty()) headers = {{"If-None-Match", tag}, {"Prefer", "wait=" + std::to_string(kLongPollSeconds)}};
    api::OutboundResponse answer;
    try {
      answer = service.call("GET", "/v1/jobs/" + id, "", headers, std::chrono::seconds(kLongPollSeconds + 15));
    } catch (const Unreachable&) {
      // A restart of the service, or a proxy dropping a long request: try again.
      if (++misses >= kTriesWhenUnreachable) throw;
      std::this_thread::sleep_for(std::chrono::seconds(1));
      continue;
    }
    misses = 0;
    if (*answer.status == 304) continue;
    job = json::parse(answer.body);
    if (answer.headers.count("etag")) tag = answer.headers["etag"];
    display.show(job);
    std::string status = jsonText(job["status"]);
    if (status == "succeeded") return 0;
    if (status == "failed" || status == "canceled") {
      err << "clusterforge: job " << id << " " << status << ": " << describeProblem(job["error"]) << "\n";
      return 1;
    }
  }
}

int apply(Service& service, const ClientArguments& args, std::ostream& out, std::ostream& err, bool terminal) {
  std::ifstream file(args.positional[0]);
  if (!file) throw BadInput("cannot read " + args.positional[0]);
  std::stringstream content;
  content << file.rdbuf();
  json body = json::parse(content.str(), nullptr, false);
  if (body.is_discarded() || !body.is_object()) throw BadInput(args.positional[0] + " is not a JSON object");
  std::string name = args.name;
  if (body.contains("name")) {
    if (!body["name"].is_string()) throw BadInput(args.positional[0] + ": \"name\" must be a string");
    if (name.empty()) name = body["name"];
    body.erase("name");
  }
  if (name.empty()) throw BadInput("say which cluster: a \"name\" in " + args.positional[0] + " or --name NAME");
  // The key makes a retry of this very command safe: it gets the same job.
  auto accepted = service.call("PUT", "/v1/clusters/" + name, body.dump(),
                               {{"Content-Type", "application/json"}, {"Idempotency-Key", newJobId()}});
  std::string id = json::parse(accepted.body)["id"];
  out << "applying cluster " << name << ": job " << id << "\n";
  return follow(service, id, out, err, terminal);
}

int get(Service& service, const ClientArguments& args, std::ostream& out) {
  const auto& what = args.positional[0];
  std::string path = what == "clusters" ? "/v1/clusters"
                     : what == "jobs"   ? "/v1/jobs?limit=50"
                     : what == "job"    ? "/v1/jobs/" + args.positional[1]
                                        : "/v1/clusters/" + args.positional[1];
  json body = service.getJson(path);
  if (args.json) {
    out << body.dump(2) << "\n";
    return 0;
  }
  if (what == "clusters") {
    std::vector<std::vector<std::string>> rows;
    for (const auto& c : body["items"]) {
      std::string last = c["lastJob"].is_object() ? jsonText(c["lastJob"]["kind"]) + " " + jsonText(c["lastJob"]["status"]) : "";
      rows.push_back({jsonText(c["name"]), joined(c["nodes"], "name"), joined(c["staticAddresses"], "address"),
                      jsonText(c["quorum"]["mode"]), last});
    }
    printTable(out, {"NAME", "NODES", "ADDRESSES", "QUORUM", "LAST JOB"}, rows);
  } else if (what == "jobs") {
    std::vector<std::vector<std::string>> rows;
    for (const auto& j : body["items"]) {
      rows.push_back({jsonText(j["id"]), jsonText(j["kind"]), jsonText(j["cluster"]), jsonText(j["status"]),
                      std::to_string(j["progress"].value("percent", 0)) + "%", jsonText(j["createdAt"])});
    }
    printTable(out, {"ID", "KIND", "CLUSTER", "STATUS", "PROGRESS", "CREATED"}, rows);
  } else if (what == "job") {
    JobProgressDisplay(out, false).show(body);
    if (body["error"].is_object()) out << "error: " << describeProblem(body["error"]) << "\n";
  } else {
    printTable(out, {"NAME", "DOMAIN", "NODES", "ADDRESSES", "QUORUM", "WITNESS"},
               {{jsonText(body["name"]), jsonText(body["domain"]), joined(body["nodes"], "name"),
                 joined(body["staticAddresses"], "address"), jsonText(body["quorum"]["mode"]),
                 jsonText(body["quorum"]["witness"]["resource"])}});
    out << "\n";
    std::vector<std::vector<std::string>> networks;
    for (const auto& n : body["networks"]) {
      networks.push_back({jsonText(n["name"]), jsonText(n["subnet"]), jsonText(n["role"]), std::to_string(n.value("metric", 0))});
    }
    printTable(out, {"NETWORK", "SUBNET", "ROLE", "METRIC"}, networks);
  }
  return 0;
}

int report(Service& service, const ClientArguments& args, std::ostream& out) {
  const auto& id = args.positional[0];
  if (!args.html.empty()) {
    auto page = service.call("GET", "/v1/validations/" + id + "/report.html");
    std::ofstream file(args.html, std::ios::binary);
    if (!(file << page.body)) throw BadInput("cannot write " + args.html);
    out << "wrote " << args.html << "\n";
    return 0;
  }
  json body = service.getJson("/v1/validations/" + id);
  if (args.json) {
    out << body.dump(2) << "\n";
    return 0;
  }
  const auto& s = body["summary"];
  out << "report " << id << ": " << jsonText(s["verdict"]) << " (passed " << s.value("passed", 0) << ", warning "
      << s.value("warning", 0) << ", failed " << s.value("failed", 0) << ", skipped " << s.value("skipped", 0)
      << ")\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& t : body["tests"]) rows.push_back({jsonText(t["category"]), jsonText(t["name"]), jsonText(t["status"])});
  printTable(out, {"CATEGORY", "TEST", "RESULT"}, rows);
  return jsonText(s["verdict"]) == "notSuitable" ? 1 : 0;
}

int cancel(Service& service, const ClientArguments& args, std::ostream& out) {
  auto answer = service.call("POST", "/v1/jobs/" + args.positional[0] + "/cancel", "",
                             {{"Content-Type", "application/json"}});
  json job = json::parse(answer.body);
  out << "cancel requested: job " << jsonText(job["id"]) << " is " << jsonText(job["status"]) << "\n";
  return 0;
}

}  // namespace

int runClientCommand(const ClientArguments& args, api::HttpClient& http, std::ostream& out, std::ostream& err,
                     bool terminal) {
  Service service(args, http);
  try {
    if (args.verb == "apply") return apply(service, args, out, err, terminal);
    if (args.verb == "get") return get(service, args, out);
    if (args.verb == "wait") return follow(service, args.positional[0], out, err, terminal);
    if (args.verb == "report") return report(service, args, out);
    if (args.verb == "cancel") return cancel(service, args, out);
  } catch (const BadInput& e) {
    err << "clusterforge: " << e.what() << "\n";
    return 2;
  } catch (const Unreachable& e) {
    err << "clusterforge: " << e.what() << "\n";
    return 3;
  } catch (const Refused& e) {
    err << "clusterforge: " << e.what() << "\n";
    return 1;
  } catch (const json::exception& e) {
    err << "clusterforge: the service's answer was not the JSON expected: " << e.what() << "\n";
    return 1;
  }
  return 2;
}

}  // namespace cf::service
