#include "orchestration/validation/validation_facts.h"

#include "orchestration/model/win32_error.h"
#include "orchestration/model/witness_path.h"

namespace cf {

std::vector<const NodeFacts*> ValidationFacts::reachableNodes() const {
  std::vector<const NodeFacts*> out;
  for (const auto& n : nodes) {
    if (n.reachable) out.push_back(&n);
  }
  return out;
}

ValidationFacts gatherValidationFacts(ClusterBackend& backend, const OperationContext& ctx,
                                      const std::vector<std::string>& nodes,
                                      const std::optional<std::string>& cluster) {
  ValidationFacts facts;
  if (cluster) facts.cluster = backend.findCluster(*cluster, ctx);
  for (const auto& name : nodes) {
    NodeFacts node;
    node.name = name;
    try {
      node.server = backend.getServer(name, ctx);
      node.reachable = true;
    } catch (const BackendFailure& failure) {
      node.unreachableReason = failure.error().name + ": " + failure.error().message;
    }
    facts.nodes.push_back(node);
  }
  for (const auto* from : facts.reachableNodes()) {
    for (const auto* to : facts.reachableNodes()) {
      if (from == to) continue;
      for (const auto& target : to->server.adapters) {
        // Paths on a shared subnet, and between sites the routed one: client
        // network to client network, through the gateways.
        bool sameSubnet = false, bothRouted = false;
        for (const auto& mine : from->server.adapters) {
          sameSubnet = sameSubnet || mine.subnet() == target.subnet();
          bothRouted = bothRouted || (mine.gateway && target.gateway);
        }
        if (!sameSubnet && !bothRouted) continue;
        facts.reach[{from->name, target.address.toString()}] = backend.canReach(from->name, target.address, ctx);
      }
    }
  }
  if (facts.cluster && facts.cluster->quorum.witnessType == WitnessType::FileShare) {
    auto path = parseWitnessPath(facts.cluster->quorum.witness);
    try {
      facts.witnessWritable = path && !facts.cluster->computerAccount.empty() &&
                              backend.canWrite(facts.cluster->computerAccount, path->server, path->share, ctx);
      if (!*facts.witnessWritable) {
        facts.witnessProblem = facts.cluster->computerAccount + " cannot write to " + facts.cluster->quorum.witness;
      }
    } catch (const BackendFailure& failure) {
      facts.witnessWritable = false;
      facts.witnessProblem = failure.error().name + ": " + failure.error().message;
    }
  }
  return facts;
}

}  // namespace cf
