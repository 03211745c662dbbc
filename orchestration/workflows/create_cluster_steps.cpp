#include "orchestration/workflows/create_cluster_steps.h"

#include <algorithm>

#include "orchestration/model/cluster_json.h"
#include "orchestration/specs/cluster_spec.h"
#include "orchestration/model/computer_name.h"
#include "orchestration/model/win32_error.h"

namespace cf {

namespace {

class CheckNodesStep : public Step {
 public:
  explicit CheckNodesStep(std::string section) : section_(std::move(section)) {}
  std::string name() const override { return "checkNodes"; }

  void run(StepContext& ctx) override {
    ClusterSpec spec = clusterSpecFromStored(ctx.spec(section_));
    for (const auto& node : spec.nodes) {
      ServerFacts facts = ctx.backend().getServer(node, ctx.op());
      NodeClusterState state = ctx.backend().getNodeClusterState(node, ctx.op());
      if (state == NodeClusterState::NotInstalled) {
        throw BackendFailure(win32::kClusterNodeNotReady, "the Failover-Clustering feature is not installed on " +
                                                              node +
                                                              "; install it on every node before creating the cluster");
      }
      if (facts.clusterName && !sameName(*facts.clusterName, spec.name)) {
        throw BackendFailure(
            win32::kClusterNodeAlreadyMember,
            node + " is already a node of cluster " + *facts.clusterName + "; evict it from that cluster first");
      }
      ctx.info(node + ": " + facts.os.caption + " SP" + std::to_string(facts.os.servicePack) + " " +
               facts.os.architecture + ", domain " + facts.domain + ", Failover Clustering installed");
    }
    ctx.summarize("all " + std::to_string(spec.nodes.size()) + " nodes can join " + spec.name);
  }

 private:
  std::string section_;
};

class CreateClusterStep : public Step {
 public:
  explicit CreateClusterStep(std::string section) : section_(std::move(section)) {}
  std::string name() const override { return "createCluster"; }

  void run(StepContext& ctx) override {
    ClusterSpec spec = clusterSpecFromStored(ctx.spec(section_));
    if (auto existing = ctx.backend().findCluster(spec.name, ctx.op())) {
      if (!sameNodeSet(existing->nodeNames(), spec.nodes)) {
        throw StepConflict("clusterNodesDiffer", "cluster " + spec.name + " already exists with nodes " +
                                                     joinNames(existing->nodeNames()) + ", not " +
                                                     joinNames(spec.nodes));
      }
      ctx.summarize("cluster " + spec.name + " already exists with these nodes; nothing to change");
      return;
    }
    ctx.op().checkpoint();
    ctx.backend().createCluster(spec, ctx.op());
    ctx.summarize("created cluster " + spec.name + " with nodes " + joinNames(spec.nodes));
  }

 private:
  std::string section_;
};

class VerifyClusterStep : public Step {
 public:
  explicit VerifyClusterStep(std::string section) : section_(std::move(section)) {}
  std::string name() const override { return "verifyCluster"; }

  void run(StepContext& ctx) override {
    ClusterSpec spec = clusterSpecFromStored(ctx.spec(section_));
    auto cluster = ctx.backend().findCluster(spec.name, ctx.op());
    if (!cluster) {
      throw BackendFailure(win32::kBadNetPath, "cluster " + spec.name + " cannot be found after creation");
    }
    std::vector<std::string> down;
    for (const auto& node : cluster->nodes) {
      if (node.state != NodeState::Up) down.push_back(node.name + " (" + toString(node.state) + ")");
    }
    if (!down.empty()) ctx.warn("nodes not up: " + joinNames(down));
    for (const auto& wanted : spec.staticAddresses) {
      bool present =
          std::find(cluster->addresses.begin(), cluster->addresses.end(), wanted) != cluster->addresses.end();
      if (!present) ctx.warn("static address " + wanted.address.toString() + " is not on the cluster");
    }
    ctx.setResult("cluster", toJson(*cluster));
    ctx.summarize("cluster " + spec.name + " has " + std::to_string(cluster->nodes.size()) + " nodes, " +
                  std::to_string(cluster->networks.size()) + " networks, quorum " + toString(cluster->quorum.mode));
  }

 private:
  std::string section_;
};

}  // namespace

StepList makeCreateClusterSteps(const std::string& section) {
  StepList steps;
  steps.push_back(std::make_unique<CheckNodesStep>(section));
  steps.push_back(std::make_unique<CreateClusterStep>(section));
  steps.push_back(std::make_unique<VerifyClusterStep>(section));
  return steps;
}

}  // namespace cf
