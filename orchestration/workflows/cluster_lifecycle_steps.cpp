#include "orchestration/workflows/cluster_lifecycle_steps.h"

#include "orchestration/model/computer_name.h"
#include "orchestration/model/win32_error.h"
#include "orchestration/model/witness_path.h"
#include "orchestration/specs/cluster_lifecycle_spec.h"

namespace cf {

namespace {

class EvictNodeStep : public Step {
 public:
  std::string name() const override { return "evictNode"; }
  void run(StepContext& ctx) override {
    EvictNodeSpec spec = evictNodeSpecFromStored(ctx.spec(""));
    auto cluster = ctx.backend().findCluster(spec.cluster, ctx.op());
    if (!cluster) throw StepConflict("clusterNotFound", "cluster " + spec.cluster + " does not exist");
    if (!cluster->hasNode(spec.node)) {
      ctx.summarize(spec.node + " is not a node of " + spec.cluster + "; nothing to evict");
      return;
    }
    if (auto problem = evictionProblem(*cluster, spec.node)) throw StepConflict("evictionRefused", *problem);
    ctx.backend().evictClusterNode(spec.cluster, spec.node, ctx.op());
    ctx.summarize("evicted " + spec.node + " from " + spec.cluster);
  }
};

class VerifyNodeCleanStep : public Step {
 public:
  std::string name() const override { return "verifyNodeClean"; }
  void run(StepContext& ctx) override {
    EvictNodeSpec spec = evictNodeSpecFromStored(ctx.spec(""));
    NodeClusterState state = ctx.backend().getNodeClusterState(spec.node, ctx.op());
    if (state == NodeClusterState::Running || state == NodeClusterState::NotRunning) {
      throw BackendFailure(
          win32::kClusterNodeAlreadyMember,
          spec.node + " still holds cluster configuration after eviction; run Clear-ClusterNode on it");
    }
    ctx.setResult("node", {{"name", spec.node}, {"freeToJoin", true}});
    ctx.summarize(spec.node + " is clean and can join another cluster");
  }
};

class DestroyClusterStep : public Step {
 public:
  std::string name() const override { return "destroyCluster"; }
  std::chrono::milliseconds timeout() const override { return std::chrono::minutes(30); }
  void run(StepContext& ctx) override {
    DestroyClusterSpec spec = destroyClusterSpecFromStored(ctx.spec(""));
    auto cluster = ctx.backend().findCluster(spec.cluster, ctx.op());
    if (!cluster) {
      ctx.summarize("cluster " + spec.cluster + " no longer exists; nothing to destroy");
      return;
    }
    ctx.backend().destroyCluster(spec.cluster, ctx.op());
    ctx.setResult("destroyedNodes", cluster->nodeNames());
    ctx.summarize("destroyed " + spec.cluster + "; nodes " + joinNames(cluster->nodeNames()) + " are free");
  }
};

class DeleteComputerAccountStep : public Step {
 public:
  std::string name() const override { return "deleteComputerAccount"; }
  void run(StepContext& ctx) override {
    DestroyClusterSpec spec = destroyClusterSpecFromStored(ctx.spec(""));
    auto object = ctx.backend().getComputerObject(spec.cluster, ctx.op());
    if (!object) {
      ctx.summarize("there is no computer object " + spec.cluster + "$; nothing to delete");
      return;
    }
    if (object->enabled) {
      // Someone made a cluster or server of this name since: it is theirs now.
      throw StepConflict("computerObjectInUse", "the computer object " + spec.cluster +
                                                    "$ is enabled again (a cluster or server uses the name); "
                                                    "it is left as it is");
    }
    ctx.backend().deleteComputerObject(spec.cluster, ctx.op());
    ctx.summarize("deleted the computer object " + spec.cluster + "$");
  }
};

class RemoveWitnessShareStep : public Step {
 public:
  std::string name() const override { return "removeWitnessShare"; }
  void run(StepContext& ctx) override {
    DestroyClusterSpec spec = destroyClusterSpecFromStored(ctx.spec(""));
    auto path = parseWitnessPath(spec.witnessShare);
    if (!path) {
      ctx.summarize("the cluster had no file share witness; nothing to remove");
      return;
    }
    auto share = ctx.backend().getShare(path->server, path->share, ctx.op());
    if (!share) {
      ctx.summarize(spec.witnessShare + " no longer exists; nothing to remove");
      return;
    }
    WitnessShareMark mark = readWitnessShareRemark(share->remark, spec.cluster);
    if (!mark.madeByClusterForge) {
      ctx.warn(spec.witnessShare + " was not made by ClusterForge for " + spec.cluster + "; it is left as it is");
      ctx.summarize("left " + spec.witnessShare + " in place");
      return;
    }
    ctx.backend().deleteShare(path->server, path->share, ctx.op());
    if (mark.folderMadeToo && ctx.backend().getFolder(path->server, share->path, ctx.op())) {
      ctx.backend().deleteFolder(path->server, share->path, ctx.op());
      ctx.summarize("removed " + spec.witnessShare + " and its folder " + share->path + " on " + path->server);
      return;
    }
    ctx.summarize("removed " + spec.witnessShare + " (its folder " + share->path + " was there before and stays)");
  }
};

}  // namespace

StepList makeEvictNodeSteps() {
  StepList steps;
  steps.push_back(std::make_unique<EvictNodeStep>());
  steps.push_back(std::make_unique<VerifyNodeCleanStep>());
  return steps;
}

StepList makeDestroyClusterSteps(const nlohmann::json& storedSpec) {
  DestroyClusterSpec spec = destroyClusterSpecFromStored(storedSpec);
  StepList steps;
  steps.push_back(std::make_unique<DestroyClusterStep>());
  if (spec.deleteComputerAccount) steps.push_back(std::make_unique<DeleteComputerAccountStep>());
  if (spec.removeWitnessShare) steps.push_back(std::make_unique<RemoveWitnessShareStep>());
  return steps;
}

}  // namespace cf
