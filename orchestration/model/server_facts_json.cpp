#include "orchestration/model/server_facts_json.h"

#include "orchestration/model/checked_json.h"

namespace cf {

using nlohmann::json;
using namespace checked;

namespace {

std::vector<std::string> texts(const json& object, const std::string& key, const std::string& where) {
  std::vector<std::string> out;
  if (!object.contains(key)) return out;
  const auto& list = object[key];
  if (!list.is_array()) bad(where + "/" + key, "must be an array of strings");
  for (size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_string()) bad(where + "/" + key + "/" + std::to_string(i), "must be a string");
    out.push_back(list[i].get<std::string>());
  }
  return out;
}

bool flag(const json& object, const std::string& key, const std::string& where, bool absent) {
  if (!object.contains(key)) return absent;
  if (!object[key].is_boolean()) bad(where + "/" + key, "must be true or false");
  return object[key].get<bool>();
}

const json& list(const json& object, const std::string& key, const std::string& where) {
  static const json empty = json::array();
  if (!object.contains(key)) return empty;
  if (!object[key].is_array()) bad(where + "/" + key, "must be an array");
  return object[key];
}

}  // namespace

ServerFacts serverFactsFromJson(const json& j, const std::string& where) {
  ServerFacts facts;
  facts.name = computerName(j, "name", where);
  facts.domain = text(j, "domain", where);
  const auto& os = field(j, "os", where);
  std::string osWhere = where + "/os";
  facts.os = OsInfo{text(os, "caption", osWhere),      text(os, "edition", osWhere),
                    text(os, "version", osWhere),      integer(os, "servicePack", osWhere, 0, 9),
                    text(os, "architecture", osWhere), os.value("installationType", "Full")};
  facts.features = texts(j, "features", where);
  const auto& adapters = list(j, "adapters", where);
  for (size_t i = 0; i < adapters.size(); ++i) {
    std::string aw = where + "/adapters/" + std::to_string(i);
    NetworkAdapter adapter;
    adapter.name = text(adapters[i], "name", aw);
    adapter.address = address(adapters[i], "address", aw);
    adapter.prefixLength = integer(adapters[i], "prefixLength", aw, 1, 32);
    adapter.dhcp = flag(adapters[i], "dhcp", aw, false);
    if (adapters[i].contains("gateway") && !adapters[i]["gateway"].is_null()) {
      adapter.gateway = address(adapters[i], "gateway", aw);
    }
    facts.adapters.push_back(adapter);
  }
  const auto& services = list(j, "services", where);
  for (size_t i = 0; i < services.size(); ++i) {
    std::string sw = where + "/services/" + std::to_string(i);
    facts.services.push_back({text(services[i], "name", sw), flag(services[i], "running", sw, true)});
  }
  facts.updates = texts(j, "updates", where);
  facts.firewallAllowsClustering = flag(j, "firewallAllowsClustering", where, true);
  facts.restartPending = flag(j, "restartPending", where, false);
  facts.sharedDisks = texts(j, "sharedDisks", where);
  if (j.contains("clusterName") && !j["clusterName"].is_null())
    facts.clusterName = computerName(j, "clusterName", where);
  return facts;
}

json toJson(const ServerFacts& facts) {
  json adapters = json::array();
  for (const auto& a : facts.adapters) {
    json adapter = {
        {"name", a.name}, {"address", a.address.toString()}, {"prefixLength", a.prefixLength}, {"dhcp", a.dhcp}};
    if (a.gateway) adapter["gateway"] = a.gateway->toString();
    adapters.push_back(adapter);
  }
  json services = json::array();
  for (const auto& svc : facts.services) services.push_back({{"name", svc.name}, {"running", svc.running}});
  const auto& os = facts.os;
  json out = {{"name", facts.name},
              {"domain", facts.domain},
              {"os",
               {{"caption", os.caption},
                {"edition", os.edition},
                {"version", os.version},
                {"servicePack", os.servicePack},
                {"architecture", os.architecture},
                {"installationType", os.installationType}}},
              {"features", facts.features},
              {"adapters", adapters},
              {"services", services},
              {"updates", facts.updates},
              {"firewallAllowsClustering", facts.firewallAllowsClustering},
              {"restartPending", facts.restartPending},
              {"sharedDisks", facts.sharedDisks}};
  if (facts.clusterName) out["clusterName"] = *facts.clusterName;
  return out;
}

}  // namespace cf
