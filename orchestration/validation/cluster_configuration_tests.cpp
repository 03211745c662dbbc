// Cluster Configuration: tests of an existing cluster. On a set of nodes
// that is not yet a cluster they are not applicable.
#include "orchestration/model/cluster_json.h"
#include "orchestration/validation/validation_test.h"

namespace cf {

namespace {
const char* kCategory = "Cluster Configuration";

void listClusterCoreGroups(const ValidationFacts& facts, TestFindings& f) {
  const auto& c = *facts.cluster;
  nlohmann::json addresses = nlohmann::json::array();
  for (const auto& a : c.addresses) addresses.push_back(toJson(a));
  f.fact("Cluster Group", {{"name", c.name}, {"ipAddresses", addresses}, {"witness", toJson(c.quorum)["witness"]}});
  f.pass("Cluster Group: name " + c.name + ", " + std::to_string(c.addresses.size()) + " IP address(es)" +
         (c.quorum.witness.empty() ? "" : ", witness " + c.quorum.witness));
}

void listClusterNetworkInformation(const ValidationFacts& facts, TestFindings& f) {
  for (const auto& n : facts.cluster->networks) {
    f.fact(n.name, toJson(n));
    f.pass(n.name + " (" + n.subnet.toString() + "): " + toString(n.role) + ", metric " + std::to_string(n.metric));
  }
}

void validateQuorumConfiguration(const ValidationFacts& facts, TestFindings& f) {
  const auto& c = *facts.cluster;
  const auto& q = c.quorum;
  f.fact("quorum", toJson(q));
  f.fact("nodes", c.nodes.size());
  for (const auto& w : quorumWarnings(q.mode, c.nodes.size())) f.warn(w);
  if (q.witnessType == WitnessType::FileShare) {
    if (facts.witnessWritable.value_or(false)) {
      f.pass("the file share witness " + q.witness + " is writable by " + c.computerAccount);
    } else {
      f.fail("the file share witness is not usable: " + facts.witnessProblem +
             "; grant the cluster account Full Control on the share and the folder");
    }
  } else if (q.witnessType != WitnessType::None && !q.witnessOnline) {
    f.fail("the witness " + q.witness + " is not online");
  }
  if (f.status() == TestStatus::Passed) f.pass("quorum: " + toString(q.mode));
}

void validateResourceStatus(const ValidationFacts& facts, TestFindings& f) {
  const auto& c = *facts.cluster;
  for (const auto& n : c.nodes) {
    f.fact(n.name, toString(n.state));
    if (n.state != NodeState::Up) f.fail("node " + n.name + " is " + toString(n.state));
  }
  if (c.quorum.witnessType != WitnessType::None && !c.quorum.witnessOnline) {
    f.fail("the witness resource is offline");
  }
  for (const auto& d : c.disks) {
    if (!d.online) f.fail(d.name + " is offline");
  }
  if (f.status() == TestStatus::Passed) f.pass("all nodes are up and all resources online");
}

}  // namespace

void addClusterConfigurationTests(std::vector<ValidationTest>& tests) {
  addTests(
      tests, kCategory,
      {
          {"List Cluster Core Groups", "Lists the resources of the cluster core group: name, addresses, witness.", true,
           listClusterCoreGroups},
          {"List Cluster Network Information", "Lists the cluster networks with their roles and metrics.", true,
           listClusterNetworkInformation},
          {"Validate Quorum Configuration",
           "Checks that the witness is reachable and writable by the cluster account, and warns about an even number "
           "of votes without a witness.",
           true, validateQuorumConfiguration},
          {"Validate Resource Status", "Checks that every node is up and every core resource online.", true,
           validateResourceStatus},
      });
}

}  // namespace cf
