#include "orchestration/backends/clusapi/win/server_scripts_win.h"

#include <map>
#include <stdexcept>

#include "orchestration/backends/clusapi/win/cluster_connection_win.h"
#include "orchestration/model/checked_json.h"
#include "orchestration/model/computer_name.h"
#include "orchestration/model/server_facts_json.h"
#include "orchestration/model/win32_error.h"

// Generated from scripts/*.ps1 (clusterforge_embed_file).
std::string clusterforge_script_common();
std::string clusterforge_script_server_facts();
std::string clusterforge_script_install_features();
std::string clusterforge_script_restart_server();
std::string clusterforge_script_test_reachability();
std::string clusterforge_script_list_clusters();
std::string clusterforge_script_computer_object();
std::string clusterforge_script_computer_object_rights();
std::string clusterforge_script_delete_computer_object();

namespace cf::clusapi {

namespace {

using namespace std::chrono_literals;
using nlohmann::json;

// Restart-Computer -Wait is bounded by its own timeout; ours leaves it room to report.
constexpr auto kRestartTimeout = 20min;

bool flag(const json& answer, const std::string& key, const std::string& script) {
  if (!answer.is_object() || !answer.contains(key) || !answer[key].is_boolean()) {
    throwWin32(win32::kInvalidData, "the " + script + " script answered without a true/false '" + key + "'");
  }
  return answer[key].get<bool>();
}

}  // namespace

std::string ServerScripts::script(const std::string& name) {
  static const std::map<std::string, std::string (*)()> scripts = {
      {"server-facts", clusterforge_script_server_facts},
      {"install-features", clusterforge_script_install_features},
      {"restart-server", clusterforge_script_restart_server},
      {"test-reachability", clusterforge_script_test_reachability},
      {"list-clusters", clusterforge_script_list_clusters},
      {"computer-object", clusterforge_script_computer_object},
      {"computer-object-rights", clusterforge_script_computer_object_rights},
      {"delete-computer-object", clusterforge_script_delete_computer_object}};
  return "# clusterforge-script: " + name + "\n" + clusterforge_script_common() + "\n" + scripts.at(name)();
}

json ServerScripts::run(const std::string& name, const json& arguments, std::chrono::milliseconds timeout,
                        const OperationContext& ctx) const {
  return shell_.run(script(name), arguments, timeout, ctx);
}

ServerFacts ServerScripts::facts(const std::string& server, const OperationContext& ctx) const {
  json answer = run("server-facts", {{"server", server}}, 2min, ctx);
  try {
    return serverFactsFromJson(answer, "");
  } catch (const std::exception& e) {  // a missing or mistyped field
    throwWin32(win32::kInvalidData, "the facts " + server + " answered are not usable: " + e.what());
  }
}

bool ServerScripts::installFeatures(const std::string& server, const std::vector<std::string>& features,
                                    const std::string& source, const OperationContext& ctx) const {
  return flag(run("install-features", {{"server", server}, {"features", features}, {"source", source}}, 30min, ctx),
              "restartNeeded", "install-features");
}

void ServerScripts::restart(const std::string& server, const OperationContext& ctx) const {
  auto timeout = std::chrono::duration_cast<std::chrono::seconds>(kRestartTimeout - 1min);
  flag(run("restart-server", {{"server", server}, {"timeoutSeconds", timeout.count()}}, kRestartTimeout, ctx),
       "restarted", "restart-server");
}

bool ServerScripts::canReach(const std::string& from, Ipv4Address address, const OperationContext& ctx) const {
  return flag(run("test-reachability", {{"from", from}, {"address", address.toString()}}, 1min, ctx), "reachable",
              "test-reachability");
}

std::vector<std::string> ServerScripts::clusters(const OperationContext& ctx) const {
  json answer = run("list-clusters", json::object(), 1min, ctx);
  std::vector<std::string> names;
  try {
    const auto& list = checked::field(answer, "clusters", "");
    if (!list.is_array()) checked::bad("/clusters", "must be an array");
    for (size_t i = 0; i < list.size(); ++i) {
      names.push_back(checked::computerName(json{{"name", list[i]}}, "name", "/clusters/" + std::to_string(i)));
    }
  } catch (const std::invalid_argument& e) {
    throwWin32(win32::kInvalidData, std::string("the domain's cluster list is not usable: ") + e.what());
  }
  return names;
}

bool ServerScripts::mayCreateComputerObjects(const std::string& node, const OperationContext& ctx) const {
  return flag(run("computer-object-rights", {{"node", node}}, 1min, ctx), "allowed", "computer-object-rights");
}

std::optional<ComputerObject> ServerScripts::computerObject(const std::string& name,
                                                            const OperationContext& ctx) const {
  json answer = run("computer-object", {{"name", name}}, 1min, ctx);
  if (!flag(answer, "exists", "computer-object")) return std::nullopt;
  return ComputerObject{canonicalName(name), flag(answer, "enabled", "computer-object")};
}

void ServerScripts::deleteComputerObject(const std::string& name, const OperationContext& ctx) const {
  flag(run("delete-computer-object", {{"name", name}}, 1min, ctx), "deleted", "delete-computer-object");
}

}  // namespace cf::clusapi
