#include "orchestration/workflows/quorum_steps.h"

#include "orchestration/model/cluster_json.h"
#include "orchestration/model/computer_name.h"
#include "orchestration/specs/quorum_plan.h"
#include "orchestration/specs/quorum_spec.h"
#include "orchestration/model/win32_error.h"
#include "orchestration/model/witness_path.h"
#include "orchestration/workflows/existing_cluster.h"

namespace cf {

namespace {

constexpr const char* kWitnessFolderCreated = "witnessFolderCreated";

// What every quorum step starts from: the spec, the cluster as it is now,
// and the plan for the one on the other.
struct QuorumTarget {
  QuorumSpec spec;
  ClusterState cluster;
  QuorumPlan plan;
  WitnessPath share;  // set for a file share witness
};

QuorumTarget observe(StepContext& ctx, const std::string& section) {
  QuorumTarget t{quorumSpecFromStored(ctx.spec(section)), {}, {}, {}};
  t.cluster = existingCluster(ctx, t.spec.cluster);
  t.plan = planQuorum(t.spec, t.cluster);
  if (t.plan.checkWitnessAccess) t.share = *parseWitnessPath(t.spec.settings.sharePath);
  return t;
}

// Every quorum step reads its spec from the same section.
class QuorumStep : public Step {
 public:
  explicit QuorumStep(std::string section) : section_(std::move(section)) {}

 protected:
  std::string section_;
};

class CheckClusterStep : public QuorumStep {
 public:
  using QuorumStep::QuorumStep;
  std::string name() const override { return "checkCluster"; }
  void run(StepContext& ctx) override {
    QuorumTarget t = observe(ctx, section_);
    if (!t.plan.problems.empty()) {
      const QuorumProblem& problem = t.plan.problems.front();
      throw StepConflict(problem.code, "the quorum's " + problem.pointer + " " + problem.detail);
    }
    requireWitnessAdminShare(ctx, ctx.spec(section_));
    ctx.summarize("cluster " + t.cluster.name + " has " + std::to_string(t.cluster.nodes.size()) +
                  " nodes; quorum is now " + toString(t.cluster.quorum.mode));
  }
};

class CreateWitnessFolderStep : public QuorumStep {
 public:
  using QuorumStep::QuorumStep;
  std::string name() const override { return "createWitnessFolder"; }
  void run(StepContext& ctx) override {
    QuorumTarget t = observe(ctx, section_);
    const std::string& path = *t.spec.prepareLocalPath;
    if (ctx.backend().getFolder(t.share.server, path, ctx.op())) {
      ctx.summarize(path + " already exists on " + t.share.server);
      return;
    }
    ctx.backend().createFolder(t.share.server, path, ctx.op());
    // The share's mark says so, for whoever destroys the cluster later.
    ctx.setResult(kWitnessFolderCreated, true);
    ctx.summarize("created " + path + " on " + t.share.server);
  }
};

class ShareWitnessFolderStep : public QuorumStep {
 public:
  using QuorumStep::QuorumStep;
  std::string name() const override { return "shareWitnessFolder"; }
  void run(StepContext& ctx) override {
    QuorumTarget t = observe(ctx, section_);
    const std::string& path = *t.spec.prepareLocalPath;
    std::vector<AccessEntry> wanted = {{t.cluster.computerAccount, Access::FullControl}};
    auto existing = ctx.backend().getShare(t.share.server, t.share.share, ctx.op());
    if (!existing) {
      bool folderMadeToo = ctx.job().result.value(kWitnessFolderCreated, false);
      ctx.backend().createShare(
          t.share.server, ShareState{t.share.share, path, wanted, witnessShareRemark(t.cluster.name, folderMadeToo)},
          ctx.op());
      ctx.summarize("shared " + path + " as " + toString(t.share) + ", full control for " + t.cluster.computerAccount);
      return;
    }
    if (!sameName(existing->path, path)) {
      throw StepConflict("shareNameTaken", "share " + toString(t.share) + " already exists for " + existing->path +
                                               ", not " + path +
                                               "; it is left as it is. Choose another share name, "
                                               "or point prepare.localPath at " +
                                               existing->path);
    }
    if (existing->permissions == wanted) {
      ctx.summarize(toString(t.share) + " already shares " + path + " with the right permissions");
      return;
    }
    ctx.backend().setSharePermissions(t.share.server, t.share.share, wanted, ctx.op());
    ctx.summarize("reused " + toString(t.share) + "; share permissions set to full control for " +
                  t.cluster.computerAccount + " only");
  }
};

class GrantFolderAccessStep : public QuorumStep {
 public:
  using QuorumStep::QuorumStep;
  std::string name() const override { return "grantFolderAccess"; }
  void run(StepContext& ctx) override {
    QuorumTarget t = observe(ctx, section_);
    const std::string& path = *t.spec.prepareLocalPath;
    auto folder = ctx.backend().getFolder(t.share.server, path, ctx.op());
    if (!folder) throw BackendFailure(win32::kPathNotFound, path + " is gone from " + t.share.server);
    const std::string& account = t.cluster.computerAccount;
    if (grants(folder->acl, account, Access::FullControl)) {
      ctx.summarize(account + " already has full control of " + path);
      return;
    }
    // Keep the entries that are there (Administrators, SYSTEM): the witness
    // needs the cluster account added, not the server's own access removed.
    std::vector<AccessEntry> acl;
    for (const auto& e : folder->acl) {
      if (!sameName(e.account, account)) acl.push_back(e);
    }
    acl.push_back({account, Access::FullControl});
    ctx.backend().setFolderAcl(t.share.server, path, acl, ctx.op());
    ctx.summarize("granted " + account + " full control of " + path + " (NTFS)");
  }
};

class CheckWitnessAccessStep : public QuorumStep {
 public:
  using QuorumStep::QuorumStep;
  std::string name() const override { return "checkWitnessAccess"; }
  void run(StepContext& ctx) override {
    QuorumTarget t = observe(ctx, section_);
    const std::string& account = t.cluster.computerAccount;
    if (account.empty() || !ctx.backend().canWrite(account, t.share.server, t.share.share, ctx.op())) {
      throw BackendFailure(win32::kAccessDenied,
                           (account.empty() ? "the cluster has no computer account" : account) + " cannot write to " +
                               toString(t.share) +
                               "; grant it Change or Full Control on the share and Modify or "
                               "Full Control on the folder (or ask for fileShareWitness.prepare)");
    }
    ctx.summarize(account + " can write to " + toString(t.share));
  }
};

class SetQuorumStep : public QuorumStep {
 public:
  SetQuorumStep(std::string section, SecretBox& secrets) : QuorumStep(std::move(section)), secrets_(secrets) {}
  std::string name() const override { return "setQuorum"; }
  void run(StepContext& ctx) override {
    QuorumTarget t = observe(ctx, section_);
    QuorumSettings settings = t.spec.settings;
    if (quorumConverged(t.cluster.quorum, t.plan.target)) {
      ctx.summarize("the quorum is already " + toString(settings.mode) + "; nothing to change");
      return;
    }
    if (settings.mode == QuorumMode::CloudWitness) {
      try {
        settings.cloudAccessKey = secrets_.open(settings.cloudAccessKey);
      } catch (const SecretUnavailable&) {
        throw StepConflict("secretUnavailable",
                           "the stored access key cannot be opened (the service's secret key "
                           "changed); submit the request again");
      }
    }
    ctx.backend().setQuorum(t.cluster.name, settings, ctx.op());
    ctx.summarize("quorum set to " + toString(settings.mode));
  }

 private:
  SecretBox& secrets_;
};

class VerifyQuorumStep : public QuorumStep {
 public:
  using QuorumStep::QuorumStep;
  std::string name() const override { return "verifyQuorum"; }
  void run(StepContext& ctx) override {
    QuorumTarget t = observe(ctx, section_);
    if (!quorumConverged(t.cluster.quorum, t.plan.target)) {
      throw BackendFailure(win32::kInvalidParameter, "the quorum reads back as " + toString(t.cluster.quorum.mode));
    }
    auto warnings = quorumWarnings(t.spec.settings.mode, t.cluster.nodes.size());
    for (const auto& w : warnings) ctx.warn(w);
    ctx.setResult("quorum", toJson(t.cluster.quorum));
    ctx.setResult("warnings", warnings);
    ctx.summarize("quorum is " + toString(t.cluster.quorum.mode) +
                  (t.cluster.quorum.witness.empty() ? "" : " with witness " + t.cluster.quorum.witness));
  }
};

}  // namespace

void requireWitnessAdminShare(StepContext& ctx, const nlohmann::json& storedQuorumSpec) {
  QuorumSpec spec = quorumSpecFromStored(storedQuorumSpec);
  if (!spec.prepareLocalPath) return;
  auto witness = parseWitnessPath(spec.settings.sharePath);
  if (!witness) return;
  std::string adminShare = spec.prepareLocalPath->substr(0, 1) + "$";
  if (ctx.backend().getShare(witness->server, adminShare, ctx.op())) return;
  throw BackendFailure(win32::kBadNetName,
                       "the witness folder " + *spec.prepareLocalPath + " is prepared through \\\\" + witness->server +
                           "\\" + adminShare + ", the administrative share, which " + witness->server +
                           " does not have: set AutoShareServer to 1 (or remove it) under "
                           "HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Parameters and restart the "
                           "Server service, or prepare the folder and share by hand");
}

StepList makeQuorumSteps(const nlohmann::json& jobSpec, SecretBox& secrets, const std::string& section) {
  QuorumSpec spec = quorumSpecFromStored(section.empty() ? jobSpec : jobSpec.at(nlohmann::json::json_pointer(section)));
  // The steps depend on the spec alone, so a resumed job lists the same ones.
  QuorumPlan plan = planQuorum(spec, spec.cluster, false);
  StepList steps;
  steps.push_back(std::make_unique<CheckClusterStep>(section));
  if (plan.prepareWitnessShare) {
    steps.push_back(std::make_unique<CreateWitnessFolderStep>(section));
    steps.push_back(std::make_unique<ShareWitnessFolderStep>(section));
    steps.push_back(std::make_unique<GrantFolderAccessStep>(section));
  }
  if (plan.checkWitnessAccess) steps.push_back(std::make_unique<CheckWitnessAccessStep>(section));
  steps.push_back(std::make_unique<SetQuorumStep>(section, secrets));
  steps.push_back(std::make_unique<VerifyQuorumStep>(section));
  return steps;
}

}  // namespace cf
