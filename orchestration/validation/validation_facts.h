// What validation looks at, gathered once through the backend before any test
// runs, so that every test is a pure function of these facts (and unit-tested
// on facts made by hand). A node that cannot be reached is recorded with the
// reason instead of failing the gathering: that is a finding, not an error.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "orchestration/model/cluster_backend.h"

namespace cf {

struct NodeFacts {
  std::string name;
  bool reachable = false;
  std::string unreachableReason;  // the backend's message when not reachable
  ServerFacts server;             // valid when reachable
};

struct ValidationFacts {
  std::vector<NodeFacts> nodes;
  // (from node, to address) -> answered, for every address of every other
  // node on a subnet `from` has an adapter on.
  std::map<std::pair<std::string, std::string>, bool> reach;
  std::optional<ClusterState> cluster;  // set when validating an existing cluster
  // For a file share witness: whether the cluster account can write to it,
  // and why not when it cannot.
  std::optional<bool> witnessWritable;
  std::string witnessProblem;

  std::vector<const NodeFacts*> reachableNodes() const;
};

// Gathers the facts for `nodes`, and for `cluster` when given.
ValidationFacts gatherValidationFacts(ClusterBackend& backend, const OperationContext& ctx,
                                      const std::vector<std::string>& nodes, const std::optional<std::string>& cluster);

}  // namespace cf
