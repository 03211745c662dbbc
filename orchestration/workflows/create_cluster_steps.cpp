#include "orchestration/workflows/create_cluster_steps.h"

#include <algorithm>

#include "orchestration/model/cluster_json.h"
#include "orchestration/specs/cluster_spec.h"
#include "orchestration/model/computer_name.h"
#include "orchestration/model/win32_error.h"
#include "orchestration/specs/cluster_apply_spec.h"
#include "orchestration/workflows/existing_cluster.h"
#include "orchestration/workflows/quorum_steps.h"

namespace cf {

namespace {

class CheckNodesStep : public Step {
 public:
  CheckNodesStep(std::string section, std::string quorumSection)
      : section_(std::move(section)), quorumSection_(std::move(quorumSection)) {}
  std::string name() const override { return "checkNodes"; }

  void run(StepContext& ctx) override {
    ClusterSpec spec = clusterSpecFromStored(ctx.spec(section_));
    bool clusterExists = false;  // some node of the spec is already in it
    for (const auto& node : spec.nodes) {
      ServerFacts facts = ctx.backend().getServer(node, ctx.op());
      clusterExists = clusterExists || (facts.clusterName && sameName(*facts.clusterName, spec.name));
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
    if (!clusterExists) checkNameObject(ctx, spec);
    if (!quorumSection_.empty()) requireWitnessAdminShare(ctx, ctx.spec(quorumSection_));
    ctx.summarize("all " + std::to_string(spec.nodes.size()) + " nodes can join " + spec.name);
  }

 private:
  // CreateCluster makes the cluster name object in the container of the
  // nodes' computer accounts, or takes a disabled one of that name.
  static void checkNameObject(StepContext& ctx, const ClusterSpec& spec) {
    if (spec.managementPoint != ManagementPoint::ActiveDirectory) return;
    auto object = ctx.backend().getComputerObject(spec.name, ctx.op());
    if (object && !object->enabled) {
      ctx.info("the computer object " + spec.name + " exists, disabled (prestaged): CreateCluster takes it");
      ctx.setResult("computerAccount", {{"name", spec.name}, {"prestaged", true}});
      return;
    }
    if (object) return;  // a live name: CreateCluster answers that it is taken
    if (!ctx.backend().mayCreateComputerObjects(spec.nodes.front(), ctx.op())) {
      throw BackendFailure(win32::kAccessDenied,
                           "the service account may not create computer objects in the container of " +
                               spec.nodes.front() + "'s computer account, where CreateCluster makes " + spec.name +
                               "$: grant it Create Computer objects there, or prestage a disabled computer object " +
                               spec.name + " and give the account Full Control of it");
    }
    ctx.setResult("computerAccount", {{"name", spec.name}, {"prestaged", false}});
  }

  std::string section_;
  std::string quorumSection_;
};

class CreateClusterStep : public Step {
 public:
  explicit CreateClusterStep(std::string section) : section_(std::move(section)) {}
  std::string name() const override { return "createCluster"; }

  void run(StepContext& ctx) override {
    ClusterSpec spec = clusterSpecFromStored(ctx.spec(section_));
    if (auto existing = ctx.backend().findCluster(spec.name, ctx.op())) {
      if (auto conflict = nodesMissingFromSpec(*existing, spec)) throw StepConflict("clusterNodesDiffer", *conflict);
      ctx.summarize("cluster " + spec.name + " already exists; nothing to create");
      return;
    }
    ctx.op().checkpoint();
    ctx.backend().createCluster(spec, ctx.op());
    ctx.summarize("created cluster " + spec.name + " with nodes " + joinNames(spec.nodes));
  }

 private:
  std::string section_;
};

// Joins the nodes of the spec the cluster does not have yet, one at a time
// (as Windows' own pattern for many nodes is), each checked by checkNodes.
class AddNodesStep : public Step {
 public:
  explicit AddNodesStep(std::string section) : section_(std::move(section)) {}
  std::string name() const override { return "addNodes"; }
  std::chrono::milliseconds timeout() const override { return std::chrono::minutes(30); }

  void run(StepContext& ctx) override {
    ClusterSpec spec = clusterSpecFromStored(ctx.spec(section_));
    ClusterState cluster = existingCluster(ctx, spec.name);
    std::vector<std::string> added;
    for (const auto& node : spec.nodes) {
      if (cluster.hasNode(node)) continue;
      ctx.backend().addClusterNode(spec.name, node, ctx.op());
      ctx.info(node + " joined " + spec.name);
      added.push_back(node);
    }
    ctx.summarize(added.empty() ? "every node is already in " + spec.name
                                : "added " + joinNames(added) + " to " + spec.name);
  }

 private:
  std::string section_;
};

// The heartbeat settings the spec names, checked against the nodes' OS
// (the oldest one decides), and set only where they differ.
class SetClusterPropertiesStep : public Step {
 public:
  explicit SetClusterPropertiesStep(std::string section) : section_(std::move(section)) {}
  std::string name() const override { return "setClusterProperties"; }

  void run(StepContext& ctx) override {
    ClusterSpec spec = clusterSpecFromStored(ctx.spec(section_));
    ClusterState cluster = existingCluster(ctx, spec.name);
    HeartbeatSettings differ;
    for (const auto& [name, value] : spec.properties) {
      auto it = cluster.heartbeat.find(name);
      if (it == cluster.heartbeat.end() || it->second != value) differ[name] = value;
    }
    if (differ.empty()) {
      ctx.summarize(spec.properties.empty() ? "no heartbeat settings asked for"
                                            : "the heartbeat settings are already as asked");
      return;
    }
    for (const auto& node : cluster.nodes) {
      ServerFacts facts = ctx.backend().getServer(node.name, ctx.op());
      for (const auto& [name, value] : differ) {
        if (auto problem = heartbeatProblem(*findHeartbeatProperty(name), value, facts.os.version)) {
          throw StepConflict("propertyOutOfRange", *problem + "; " + node.name + " runs " + facts.os.caption);
        }
      }
    }
    ctx.backend().setClusterProperties(spec.name, differ, ctx.op());
    std::string list;
    for (const auto& [name, value] : differ) {
      list += (list.empty() ? "" : ", ") + name + " " + std::to_string(cluster.heartbeat[name]) + " -> " +
              std::to_string(value);
    }
    ctx.summarize("set " + list);
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

StepList makeCreateClusterSteps(const std::string& section, const std::string& quorumSection) {
  StepList steps;
  steps.push_back(std::make_unique<CheckNodesStep>(section, quorumSection));
  steps.push_back(std::make_unique<CreateClusterStep>(section));
  steps.push_back(std::make_unique<AddNodesStep>(section));
  steps.push_back(std::make_unique<SetClusterPropertiesStep>(section));
  steps.push_back(std::make_unique<VerifyClusterStep>(section));
  return steps;
}

}  // namespace cf
