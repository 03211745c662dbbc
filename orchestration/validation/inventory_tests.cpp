// Inventory: what the nodes are. These tests list facts; they fail only for
// a node whose facts could not be gathered.
#include "orchestration/validation/validation_test.h"

namespace cf {

namespace {
const char* kCategory = "Inventory";

void requireAllReachable(const ValidationFacts& facts, TestFindings& f) {
  for (const auto& n : facts.nodes) {
    if (!n.reachable) f.fail(n.name + " could not be reached: " + n.unreachableReason);
  }
}

void listOperatingSystemInformation(const ValidationFacts& facts, TestFindings& f) {
  requireAllReachable(facts, f);
  for (const auto* n : facts.reachableNodes()) {
    const auto& os = n->server.os;
    f.fact(n->name, {{"caption", os.caption},
                     {"edition", os.edition},
                     {"version", os.version},
                     {"servicePack", os.servicePack},
                     {"architecture", os.architecture},
                     {"installationType", os.installationType}});
    f.pass(n->name + ": " + os.caption + " SP" + std::to_string(os.servicePack) + " (" + os.version + ", " +
           os.architecture + ")");
  }
}

void listSystemInformation(const ValidationFacts& facts, TestFindings& f) {
  requireAllReachable(facts, f);
  for (const auto* n : facts.reachableNodes()) {
    nlohmann::json adapters = nlohmann::json::array();
    for (const auto& a : n->server.adapters) {
      adapters.push_back(
          {{"name", a.name}, {"address", a.address.toString()}, {"prefixLength", a.prefixLength}, {"dhcp", a.dhcp}});
    }
    f.fact(n->name, {{"domain", n->server.domain},
                     {"adapters", adapters},
                     {"features", n->server.features},
                     {"updates", n->server.updates}});
    f.pass(n->name + ": member of " + n->server.domain + ", " + std::to_string(n->server.adapters.size()) +
           " network adapter(s), " + std::to_string(n->server.features.size()) + " roles and features");
  }
}

}  // namespace

void addInventoryTests(std::vector<ValidationTest>& tests) {
  addTests(
      tests, kCategory,
      {
          {"List Operating System Information",
           "Lists the operating system of each node: edition, version, service pack, architecture.", false,
           listOperatingSystemInformation},
          {"List System Information", "Lists each node's domain, network adapters and installed roles and features.",
           false, listSystemInformation},
      });
}

}  // namespace cf
