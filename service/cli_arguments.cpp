#include "service/cli_arguments.h"

#include <stdexcept>

namespace cf::service {

namespace {

const std::vector<std::string>& verbs() {
  static const std::vector<std::string> all = {"apply", "get", "wait", "report", "cancel"};
  return all;
}

// How many positional words each verb takes, and what they are.
void checkPositional(const ClientArguments& a) {
  const auto& p = a.positional;
  auto need = [&](size_t count, const char* what) {
    if (p.size() != count) throw std::invalid_argument(a.verb + " takes " + what);
  };
  if (a.verb == "apply") need(1, "one FILE");
  else if (a.verb == "wait") need(1, "one JOB id");
  else if (a.verb == "cancel") need(1, "one JOB id");
  else if (a.verb == "report") need(1, "one report ID");
  else if (a.verb == "get") {
    if (p.empty()) throw std::invalid_argument("get takes clusters, jobs, job ID or cluster NAME");
    if (p[0] == "clusters" || p[0] == "jobs") need(1, "nothing after clusters or jobs");
    else if (p[0] == "job" || p[0] == "cluster") need(2, "one id or name after job or cluster");
    else throw std::invalid_argument("get takes clusters, jobs, job ID or cluster NAME, not " + p[0]);
  }
}

}  // namespace

bool isClientVerb(const std::string& word) {
  for (const auto& v : verbs()) {
    if (v == word) return true;
  }
  return false;
}

ClientArguments parseClientArguments(const std::vector<std::string>& args,
                                     const std::function<std::optional<std::string>(const std::string&)>& environment) {
  ClientArguments a;
  if (args.empty() || !isClientVerb(args[0])) throw std::invalid_argument("not a client verb");
  a.verb = args[0];
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& word = args[i];
    bool flag = word.size() > 1 && word[0] == '-';
    if (!flag) {
      a.positional.push_back(word);
      continue;
    }
    if (i + 1 >= args.size()) throw std::invalid_argument(word + " needs a value");
    const std::string& value = args[++i];
    if (word == "--server") a.server = value;
    else if (word == "--token") a.token = value;
    else if (word == "-o" || word == "--output") {
      if (value != "json" && value != "table") throw std::invalid_argument("-o takes json or table");
      a.json = value == "json";
    } else if (word == "--name" && a.verb == "apply") a.name = value;
    else if (word == "--html" && a.verb == "report") a.html = value;
    else throw std::invalid_argument("unknown flag " + word + " for " + a.verb);
  }
  checkPositional(a);
  if (a.server.empty()) a.server = environment("CLUSTERFORGE_SERVER").value_or("");
  if (a.token.empty()) a.token = environment("CLUSTERFORGE_TOKEN").value_or("");
  if (a.server.empty()) throw std::invalid_argument("say which service: --server URL or CLUSTERFORGE_SERVER");
  if (a.server.rfind("http://", 0) != 0 && a.server.rfind("https://", 0) != 0) {
    throw std::invalid_argument("--server must be an http:// or https:// URL, not " + a.server);
  }
  while (!a.server.empty() && a.server.back() == '/') a.server.pop_back();
  return a;
}

std::string clientUsage() {
  return "       clusterforge apply FILE [--name NAME]      (FILE: the PUT body, with the cluster's \"name\")\n"
         "       clusterforge get clusters|jobs|job ID|cluster NAME [-o json]\n"
         "       clusterforge wait JOB\n"
         "       clusterforge report ID [--html FILE] [-o json]\n"
         "       clusterforge cancel JOB\n"
         "         (each with --server URL --token T, or CLUSTERFORGE_SERVER and CLUSTERFORGE_TOKEN)\n";
}

}  // namespace cf::service
