// The command line of the client verbs (`clusterforge apply|get|wait|report|
// cancel`), which talk to a running service over its REST API. The server
// and token come from flags or from CLUSTERFORGE_SERVER / CLUSTERFORGE_TOKEN;
// a flag wins. Throws std::invalid_argument with what is wrong.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cf::service {

// The verbs the client answers to; anything else is the server's command line.
bool isClientVerb(const std::string& word);

struct ClientArguments {
  std::string verb;                     // apply, get, wait, report, cancel
  std::vector<std::string> positional;  // after the verb: FILE, clusters|jobs|job ID|cluster NAME, JOB, ID
  std::string server;                   // http(s)://HOST:PORT, no trailing slash
  std::string token;
  bool json = false;  // -o json
  std::string name;   // apply --name
  std::string html;   // report --html FILE
};

// `environment` reads a variable (std::getenv in the binary).
ClientArguments parseClientArguments(const std::vector<std::string>& args,
                                     const std::function<std::optional<std::string>(const std::string&)>& environment);

std::string clientUsage();

}  // namespace cf::service
