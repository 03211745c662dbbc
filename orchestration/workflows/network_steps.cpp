#include "orchestration/workflows/network_steps.h"

#include "orchestration/model/cluster_json.h"
#include "orchestration/specs/network_spec.h"
#include "orchestration/model/win32_error.h"
#include "orchestration/workflows/existing_cluster.h"

namespace cf {

namespace {

class ConfigureNetworksStep : public Step {
 public:
  explicit ConfigureNetworksStep(std::string section) : section_(std::move(section)) {}
  std::string name() const override { return "configureNetworks"; }

  void run(StepContext& ctx) override {
    NetworkSpec spec = networkSpecFromStored(ctx.spec(section_));
    ClusterState cluster = existingCluster(ctx, spec.cluster);
    NetworkPlan plan = planNetworks(cluster, spec.networks);
    if (!plan.errors.empty()) {
      throw StepConflict("networkPlanInvalid", "the networks cannot be configured as asked: " +
                                                   plan.errors.front().where + " " + plan.errors.front().detail);
    }
    // Roles first, under the current names, then metrics, then renames: each
    // call finds its network by the name it has at that moment.
    int changes = 0;
    for (const auto& c : plan.changes) {
      if (c.role) {
        ctx.backend().setClusterNetworkRole(spec.cluster, c.network, *c.role, ctx.op());
        ctx.info("network '" + c.network + "': role set to " + toString(*c.role));
        ++changes;
      }
      if (c.metric) {
        ctx.backend().setClusterNetworkMetric(spec.cluster, c.network, *c.metric, ctx.op());
        ctx.info("network '" + c.network + "': metric set to " + std::to_string(*c.metric));
        ++changes;
      }
      if (c.rename) {
        ctx.backend().renameClusterNetwork(spec.cluster, c.network, *c.rename, ctx.op());
        ctx.info("network '" + c.network + "' renamed to '" + *c.rename + "'");
        ++changes;
      }
    }
    ctx.summarize(changes == 0 ? "every network is already as asked; nothing to change"
                               : std::to_string(changes) + " change(s) on " + std::to_string(plan.changes.size()) +
                                     " network(s)");
  }

 private:
  std::string section_;
};

class VerifyNetworksStep : public Step {
 public:
  explicit VerifyNetworksStep(std::string section) : section_(std::move(section)) {}
  std::string name() const override { return "verifyNetworks"; }

  void run(StepContext& ctx) override {
    NetworkSpec spec = networkSpecFromStored(ctx.spec(section_));
    ClusterState cluster = existingCluster(ctx, spec.cluster);
    NetworkPlan plan = planNetworks(cluster, spec.networks);
    if (!plan.errors.empty() || !plan.changes.empty()) {
      throw BackendFailure(win32::kInvalidParameter, "the networks do not read back as configured");
    }
    nlohmann::json networks = nlohmann::json::array();
    for (const auto& n : cluster.networks) networks.push_back(toJson(n));
    ctx.setResult("networks", networks);
    ctx.summarize("the networks read back as asked");
  }

 private:
  std::string section_;
};

}  // namespace

StepList makeNetworkSteps(const std::string& section) {
  StepList steps;
  steps.push_back(std::make_unique<ConfigureNetworksStep>(section));
  steps.push_back(std::make_unique<VerifyNetworksStep>(section));
  return steps;
}

}  // namespace cf
