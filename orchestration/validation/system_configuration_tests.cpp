// System Configuration: the nodes' operating systems must match one another
// and suit failover clustering.
#include <algorithm>

#include "orchestration/model/computer_name.h"
#include "orchestration/model/features.h"
#include "orchestration/validation/validation_test.h"

namespace cf {

namespace {
const char* kCategory = "System Configuration";

// The same set of updates reads the same whatever order a node lists them in.
std::string sortedList(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  return items.empty() ? "none" : joinNames(items);
}

void validateActiveDirectoryConfiguration(const ValidationFacts& facts, TestFindings& f) {
  auto domains = compareAcrossNodes(
      facts, f, "domain membership", [](const ServerFacts& s) { return canonicalName(s.domain); }, true);
  f.fact("domains", domains);
}

void validateOperatingSystemEdition(const ValidationFacts& facts, TestFindings& f) {
  for (const auto* n : facts.reachableNodes()) {
    f.fact(n->name, n->server.os.caption);
    if (auto reason = featureUnavailableReason("Failover-Clustering", n->server.os)) {
      f.fail(n->name + ": failover clustering " + *reason);
    } else {
      f.pass(n->name + ": " + n->server.os.caption + " supports failover clustering");
    }
  }
}

void validateOperatingSystemInstallationOption(const ValidationFacts& facts, TestFindings& f) {
  f.fact("installationType",
         compareAcrossNodes(
             facts, f, "installation option", [](const ServerFacts& s) { return s.os.installationType; }, false));
}

void validateOperatingSystemVersion(const ValidationFacts& facts, TestFindings& f) {
  f.fact("version", compareAcrossNodes(
                        facts, f, "operating system version", [](const ServerFacts& s) { return s.os.version; }, true));
}

void validateServicePackLevels(const ValidationFacts& facts, TestFindings& f) {
  f.fact("servicePack", compareAcrossNodes(
                            facts, f, "service pack",
                            [](const ServerFacts& s) { return "SP" + std::to_string(s.os.servicePack); }, true));
}

void validateSoftwareUpdateLevels(const ValidationFacts& facts, TestFindings& f) {
  f.fact("updates", compareAcrossNodes(
                        facts, f, "updates", [](const ServerFacts& s) { return sortedList(s.updates); }, false));
}

void validateSameProcessorArchitecture(const ValidationFacts& facts, TestFindings& f) {
  f.fact("architecture",
         compareAcrossNodes(
             facts, f, "processor architecture", [](const ServerFacts& s) { return s.os.architecture; }, true));
}

void validateRequiredServices(const ValidationFacts& facts, TestFindings& f) {
  std::vector<std::string> required = {"RemoteRegistry"};
  if (facts.cluster) required.push_back("ClusSvc");
  for (const auto* n : facts.reachableNodes()) {
    nlohmann::json states = nlohmann::json::object();
    if (!n->server.hasFeature("Failover-Clustering")) {
      f.fail(n->name +
             ": the Cluster Service is not installed; install the Failover-Clustering feature "
             "(POST /v1/node-preparations)");
    }
    for (const auto& name : required) {
      const ServiceState* svc = n->server.findService(name);
      states[name] = svc ? (svc->running ? "running" : "stopped") : "missing";
      if (!svc || !svc->running) {
        f.fail(n->name + ": the " + name + " service is " + states[name].get<std::string>() + "; start it");
      }
    }
    f.fact(n->name, states);
  }
  if (f.status() == TestStatus::Passed) f.pass("the required services run on every node");
}

}  // namespace

void addSystemConfigurationTests(std::vector<ValidationTest>& tests) {
  addTests(
      tests, kCategory,
      {
          {"Validate Active Directory Configuration", "Checks that all nodes are members of the same domain.", false,
           validateActiveDirectoryConfiguration},
          {"Validate Operating System Edition",
           "Checks that each node runs an edition that offers failover clustering (Enterprise or Datacenter before "
           "Windows Server 2012).",
           false, validateOperatingSystemEdition},
          {"Validate Operating System Installation Option",
           "Checks that all nodes have the same installation option (full or Server Core).", false,
           validateOperatingSystemInstallationOption},
          {"Validate Operating System Version", "Checks that all nodes run the same version and build of Windows.",
           false, validateOperatingSystemVersion},
          {"Validate Service Pack Levels",
           "Checks that all nodes have the same service pack; a failover cluster is supported only when they do.",
           false, validateServicePackLevels},
          {"Validate Software Update Levels", "Checks that all nodes have the same software updates.", false,
           validateSoftwareUpdateLevels},
          {"Validate Same Processor Architecture", "Checks that all nodes have the same processor architecture.", false,
           validateSameProcessorArchitecture},
          {"Validate Required Services",
           "Checks that the services clustering needs are on each node: the Cluster Service (the Failover-Clustering "
           "feature) installed, Remote Registry running, and the Cluster Service running on the nodes of an existing "
           "cluster.",
           false, validateRequiredServices},
      });
}

}  // namespace cf
