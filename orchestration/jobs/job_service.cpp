#include "orchestration/jobs/job_service.h"

#include <random>
#include <stdexcept>

#include "orchestration/common/clock.h"

namespace cf {

namespace {
constexpr auto kObservationBudget = std::chrono::seconds(10);
}  // namespace

std::string newJobId() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  uint64_t hi = (static_cast<uint64_t>(ms) << 16) | 0x7000 | (random() & 0x0FFF);  // version 7
  uint64_t lo = (random() & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;           // RFC 9562 variant
  std::string text = "00000000-0000-0000-0000-000000000000";
  size_t at = text.size();
  auto put = [&](uint64_t bits, int hexDigits) {
    for (int i = 0; i < hexDigits; ++i, bits >>= 4) {
      if (text[--at] == '-') --at;
      text[at] = "0123456789abcdef"[bits & 15];
    }
  };
  put(lo, 16);
  put(hi, 16);
  return text;
}

JobService::JobService(JobStore& store, JobScheduler& scheduler, ClusterBackend& backend,
                       const WorkflowCatalog& catalog, SecretBox& secrets, std::shared_ptr<spdlog::logger> log)
    : store_(store),
      scheduler_(scheduler),
      backend_(backend),
      catalog_(catalog),
      secrets_(secrets),
      log_(std::move(log)) {}

std::optional<Refusal> JobService::checkAgainstCluster(const JobRequest& request,
                                                       std::optional<ClusterState>& observed) {
  if (request.target == ClusterTarget::None) return std::nullopt;
  auto ctx = OperationContext::forRequest(kObservationBudget);
  try {
    observed = backend_.findCluster(request.cluster, ctx);
  } catch (const BackendFailure& failure) {
    if (request.target == ClusterTarget::Existing) throw;
    // A job that may create its cluster observes again before it changes
    // anything, so an answer we could not get now is no reason to refuse.
    log_->warn("cluster={}: could not observe before accepting: {}", request.cluster, failure.what());
    return std::nullopt;
  }
  if (!observed) {
    if (request.target == ClusterTarget::Any) return std::nullopt;
    return Refusal{404, "clusterNotFound", "there is no cluster named " + request.cluster, {}};
  }
  return request.refusal ? request.refusal(*observed) : std::nullopt;
}

std::optional<Refusal> JobService::checkAgainstServers(const JobRequest& request) {
  if (!request.serverProblems || request.servers.empty() || !backend_.serverFactsAtHand()) return std::nullopt;
  auto ctx = OperationContext::forRequest(kObservationBudget);
  std::vector<ServerFacts> servers;
  for (const auto& name : request.servers) {
    try {
      servers.push_back(backend_.getServer(name, ctx));
    } catch (const BackendFailure&) {
      // An unknown or unreachable server is the job's to report, step by step.
    }
  }
  auto errors = request.serverProblems(servers);
  if (errors.empty()) return std::nullopt;
  return Refusal{422, "validationFailed", "the request asks for what these servers' Windows cannot do", errors};
}

std::optional<Refusal> JobService::checkBeforeAccepting(const JobRequest& request,
                                                        std::optional<ClusterState>& observed) {
  if (auto refusal = checkAgainstCluster(request, observed)) return refusal;
  return checkAgainstServers(request);
}

SubmitOutcome JobService::submit(const JobRequest& request, const JobStore::Alongside& alongside) {
  const Workflow* workflow = catalog_.find(request.kind);
  if (!workflow) throw std::logic_error("no workflow is registered for job kind " + request.kind);
  std::optional<ClusterState> observed;
  if (auto refusal = checkBeforeAccepting(request, observed)) return *refusal;

  Job job = newJobOf(*workflow, newJobId(), request.cluster,
                     request.storedSpec(secrets_, observed ? &*observed : nullptr), nowRfc3339());
  job.requestKey = request.requestKey;
  store_.insertWith(job, {JobEvent{0, job.createdAt, EventLevel::Info, "", "accepted"}}, alongside);
  // Debug: the audit line of the request that made it names the job at info.
  log_->debug("job={} kind={} cluster={}: accepted", job.id, job.kind, job.cluster);
  scheduler_.enqueue(job);
  return job;
}

DryRun JobService::dryRun(const JobRequest& request) {
  const Workflow* workflow = catalog_.find(request.kind);
  if (!workflow) throw std::logic_error("no workflow is registered for job kind " + request.kind);
  DryRun out;
  std::optional<ClusterState> observed;
  if ((out.refusal = checkBeforeAccepting(request, observed))) return out;

  Job job = newJobOf(*workflow, "dry-run", request.cluster,
                     request.storedSpec(secrets_, observed ? &*observed : nullptr), nowRfc3339());
  JournalingBackend plan(backend_, JournalingBackend::Mode::Plan);
  for (const auto& step : workflow->steps(job.spec)) {
    if (step->observesOnly()) continue;
    plan.setStep(step->name());
    auto op = OperationContext::forRequest(kObservationBudget);
    StepContext ctx(job, plan, op);
    try {
      step->run(ctx);
      for (const auto& [key, value] : ctx.result().items()) job.result[key] = value;
    } catch (const BackendFailure& failure) {
      if (failure.error().transient) throw;  // the backend cannot answer now: not a refusal
      out.failedStep = step->name();
      out.win32 = failure.error();
      out.refusal = Refusal{409, "wouldFail", "step " + step->name() + " would fail: " + failure.error().message, {}};
      break;
    } catch (const StepConflict& conflict) {
      out.failedStep = step->name();
      out.refusal = Refusal{409, conflict.code(), conflict.what(), {}};
      break;
    }
  }
  out.changes = plan.entries();
  return out;
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
