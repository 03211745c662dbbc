#include "orchestration/workflows/node_preparation_steps.h"

#include "orchestration/model/features.h"
#include "orchestration/model/os_capabilities.h"
#include "orchestration/specs/node_preparation_spec.h"
#include "orchestration/model/win32_error.h"

namespace cf {

namespace {

class PreparationStep : public Step {
 public:
  explicit PreparationStep(std::string section) : section_(std::move(section)) {}

 protected:
  NodePreparationSpec spec(StepContext& ctx) const { return nodePreparationSpecFromStored(ctx.spec(section_)); }
  std::string section_;
};

class CheckFeaturesStep : public PreparationStep {
 public:
  using PreparationStep::PreparationStep;
  std::string name() const override { return "checkFeatures"; }
  void run(StepContext& ctx) override {
    auto s = spec(ctx);
    int missing = 0;
    for (const auto& node : s.nodes) {
      ServerFacts facts = ctx.backend().getServer(node, ctx.op());
      for (const auto& feature : featuresFor(s, facts.os)) {
        if (auto reason = featureUnavailableReason(feature, facts.os)) {
          throw BackendFailure(win32::kNotSupported,
                               "cannot install " + feature + " on " + node + ": " + feature + " " + *reason);
        }
        if (!featurePresent(facts, feature) && featureNeedsSource(feature, facts.os) && s.source.empty()) {
          throw BackendFailure(win32::kSourceMissing, "cannot install " + feature + " on " + node + " (" +
                                                          facts.os.caption +
                                                          "): it needs installation media; give source, the "
                                                          "sources\\sxs folder of the installation media");
        }
        missing += featurePresent(facts, feature) ? 0 : 1;
      }
    }
    ctx.summarize(std::to_string(missing) + " feature installation(s) needed on " + std::to_string(s.nodes.size()) +
                  " node(s)");
  }
};

class InstallFeaturesStep : public PreparationStep {
 public:
  using PreparationStep::PreparationStep;
  std::string name() const override { return "installFeatures"; }
  // Node by node; on Windows a role such as Web-Server with its sub-features
  // takes many minutes per node (the ClusAPI backend allows 30 for one).
  std::chrono::milliseconds timeout() const override { return std::chrono::minutes(60); }
  void run(StepContext& ctx) override {
    auto s = spec(ctx);
    nlohmann::json nodes = nlohmann::json::object();
    int installedCount = 0;
    for (const auto& node : s.nodes) {
      ServerFacts facts = ctx.backend().getServer(node, ctx.op());
      std::vector<std::string> missing, present;
      for (const auto& feature : featuresFor(s, facts.os)) {
        (featurePresent(facts, feature) ? present : missing).push_back(feature);
      }
      bool restartPending = facts.restartPending;
      if (!missing.empty()) {
        ctx.info(node + " (" + facts.os.caption + "): installing " + joinNames(missing) + " through " +
                 describe(featureInstallRouteFor(facts.os)));
        restartPending = ctx.backend().installFeatures(node, missing, s.source, ctx.op());
        ctx.info(node + ": installed " + std::to_string(missing.size()) + " feature(s)" +
                 (restartPending ? "; a restart is pending" : ""));
      }
      installedCount += static_cast<int>(missing.size());
      nodes[node] = {{"installed", missing}, {"alreadyPresent", present}, {"restartPending", restartPending}};
    }
    ctx.setResult("nodes", nodes);
    ctx.summarize(installedCount == 0 ? "every feature was already installed"
                                      : "installed " + std::to_string(installedCount) + " feature(s)");
  }
};

class RestartNodesStep : public PreparationStep {
 public:
  using PreparationStep::PreparationStep;
  std::string name() const override { return "restartNodes"; }
  // One node at a time, each until it answers again (up to 20 minutes on Windows).
  std::chrono::milliseconds timeout() const override { return std::chrono::minutes(60); }
  void run(StepContext& ctx) override {
    auto s = spec(ctx);
    std::vector<std::string> restarted;
    for (const auto& node : s.nodes) {
      if (!ctx.backend().getServer(node, ctx.op()).restartPending) continue;
      ctx.backend().restartServer(node, ctx.op());
      ctx.info(node + " restarted and answers again");
      restarted.push_back(node);
    }
    ctx.setResult("restarted", restarted);
    ctx.summarize(restarted.empty() ? "no node needed a restart"
                                    : "restarted " + std::to_string(restarted.size()) + " node(s)");
  }
};

}  // namespace

StepList makeNodePreparationSteps(const nlohmann::json& jobSpec, const std::string& section) {
  auto spec =
      nodePreparationSpecFromStored(section.empty() ? jobSpec : jobSpec.at(nlohmann::json::json_pointer(section)));
  StepList steps;
  steps.push_back(std::make_unique<CheckFeaturesStep>(section));
  steps.push_back(std::make_unique<InstallFeaturesStep>(section));
  if (spec.restart) steps.push_back(std::make_unique<RestartNodesStep>(section));
  return steps;
}

}  // namespace cf
