#include "orchestration/job_service.h"

#include <random>

#include "orchestration/clock.h"
#include "orchestration/cluster_json.h"
#include "orchestration/win32_error.h"

namespace cf {

namespace {
constexpr auto kObservationBudget = std::chrono::seconds(10);

}  // namespace

std::string newJobId() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  uint64_t hi = random(), lo = random();
  hi = (hi & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;  // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;  // RFC 4122 variant
  char text[37];
  std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
  return text;
}

JobService::JobService(JobStore& store, ReportStore& reports, Scheduler& scheduler, ClusterBackend& backend,
                       const WorkflowCatalog& catalog, SecretBox& secrets, std::shared_ptr<spdlog::logger> log)
    : store_(store),
      reports_(reports),
      scheduler_(scheduler),
      backend_(backend),
      catalog_(catalog),
      secrets_(secrets),
      log_(std::move(log)) {}

Job JobService::submit(const std::string& kind, const std::string& cluster, nlohmann::json spec) {
  auto steps = catalog_.stepNames(kind, spec);
  Job job = newJob(newJobId(), kind, cluster, std::move(spec), steps, nowRfc3339());
  store_.insert(job, {JobEvent{0, job.createdAt, EventLevel::Info, "", "accepted"}});
  log_->info("job={} kind={} cluster={}: accepted", job.id, job.kind, job.cluster);
  scheduler_.enqueue(job);
  return job;
}

SubmitOutcome JobService::applyCluster(const ClusterApplySpec& apply) {
  const ClusterSpec& spec = apply.cluster;
  try {
    auto ctx = OperationContext::forRequest(kObservationBudget);
    if (auto existing = backend_.findCluster(spec.name, ctx)) {
      if (!sameNodeSet(existing->nodeNames(), spec.nodes)) {
        return Refusal{409, "clusterNodesDiffer",
                       "cluster " + spec.name + " already exists with nodes " + joinNames(existing->nodeNames()) +
                           "; adding or evicting nodes is not done by this request",
                       {}};
      }
      // What the sections ask of an existing cluster can be checked now.
      FieldErrors errors;
      if (apply.networks) errors = planNetworks(*existing, *apply.networks, "/networks").errors;
      if (apply.quorum) {
        auto more = quorumProblems(*existing, *apply.quorum, "/quorum");
        errors.insert(errors.end(), more.begin(), more.end());
      }
      if (!errors.empty()) {
        return Refusal{422, "validationFailed", "this runbook cannot be applied to " + spec.name + " as it is", errors};
      }
    }
  } catch (const BackendFailure& failure) {
    // The job observes again before it changes anything, so an answer we could
    // not get now is not a reason to refuse the request.
    log_->warn("cluster={}: could not observe before accepting: {}", spec.name, failure.what());
  }
  if (apply.createOnly()) return submit(jobkind::kClusterCreate, spec.name, toJson(spec));
  return submit(jobkind::kClusterApply, spec.name, toStoredJson(apply, secrets_));
}

SubmitOutcome JobService::validate(const ValidationSpec& spec) {
  if (spec.cluster) {
    auto observed = observeForRequest(*spec.cluster);
    if (auto* refusal = std::get_if<Refusal>(&observed)) return *refusal;
  }
  return submit(jobkind::kValidation, spec.cluster.value_or(""), toJson(spec));
}

SubmitOutcome JobService::prepareNodes(const NodePreparationSpec& spec) {
  return submit(jobkind::kPrepareNodes, "", toJson(spec));
}

std::variant<ClusterState, Refusal> JobService::observeForRequest(const std::string& cluster) {
  auto ctx = OperationContext::forRequest(kObservationBudget);
  auto state = backend_.findCluster(cluster, ctx);
  if (!state) return Refusal{404, "clusterNotFound", "there is no cluster named " + cluster, {}};
  return *state;
}

SubmitOutcome JobService::configureNetworks(const NetworkSpec& spec) {
  auto observed = observeForRequest(spec.cluster);
  if (auto* refusal = std::get_if<Refusal>(&observed)) return *refusal;
  auto plan = planNetworks(std::get<ClusterState>(observed), spec.networks);
  if (!plan.errors.empty()) {
    return Refusal{422, "validationFailed", "the networks of " + spec.cluster + " cannot be set this way", plan.errors};
  }
  return submit(jobkind::kConfigureNetworks, spec.cluster, toJson(spec));
}

SubmitOutcome JobService::configureQuorum(const QuorumSpec& spec) {
  auto observed = observeForRequest(spec.cluster);
  if (auto* refusal = std::get_if<Refusal>(&observed)) return *refusal;
  const auto& cluster = std::get<ClusterState>(observed);
  FieldErrors errors = quorumProblems(cluster, spec, "");
  if (!errors.empty()) {
    return Refusal{422, "validationFailed", "this quorum cannot be configured on " + cluster.name, errors};
  }
  return submit(jobkind::kConfigureQuorum, spec.cluster, toStoredJson(spec, secrets_));
}

FieldErrors JobService::quorumProblems(const ClusterState& cluster, const QuorumSpec& spec, const std::string& prefix) {
  const auto& s = spec.settings;
  FieldErrors errors;
  if (spec.prepareLocalPath && cluster.computerAccount.empty()) {
    errors.push_back(FieldError::body(prefix + "/fileShareWitness/prepare",
                                      "cannot be done for " + cluster.name + ": an AD-detached cluster (DNS management "
                                      "point) has no computer account to grant access to"));
  }
  if ((s.mode == QuorumMode::NodeAndDiskMajority || s.mode == QuorumMode::DiskOnly) && !cluster.findDisk(s.disk)) {
    std::string disks;
    for (const auto& d : cluster.disks) disks += (disks.empty() ? "" : ", ") + d.name;
    errors.push_back(FieldError::body(prefix + quorumDiskPointer(s.mode),
                                      "names no disk of " + cluster.name + " (it has " +
                                          (disks.empty() ? std::string("no shared disks") : disks) + ")"));
  }
  return errors;
}

std::optional<Job> JobService::cancel(const std::string& id) {
  auto job = store_.requestCancel(id);
  if (job && !isTerminal(job->status)) {
    scheduler_.cancel(id);
    log_->info("job={}: cancel requested", id);
  }
  return job;
}

std::optional<ClusterView> JobService::cluster(const std::string& name) {
  auto ctx = OperationContext::forRequest(kObservationBudget);
  auto state = backend_.findCluster(name, ctx);
  if (!state) return std::nullopt;
  return ClusterView{*state, store_.latestForCluster(state->name)};
}

ClusterListing JobService::clusters() {
  auto ctx = OperationContext::forRequest(kObservationBudget);
  ClusterListing out;
  for (const auto& name : backend_.listClusters(ctx)) {
    try {
      if (auto state = backend_.findCluster(name, ctx)) {
        out.clusters.push_back(ClusterView{*state, store_.latestForCluster(state->name)});
      }
    } catch (const BackendFailure& f) {
      log_->warn("cluster {} is listed but cannot be read: {}", name, f.what());
      out.unreachable.push_back({name, f.error()});
    }
  }
  return out;
}

}  // namespace cf
