#include "orchestration/job_service.h"

#include <random>

#include "orchestration/clock.h"
#include "orchestration/cluster_json.h"
#include "orchestration/win32_error.h"

namespace cf {

namespace {
constexpr auto kObservationBudget = std::chrono::seconds(10);

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}
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

JobService::JobService(JobStore& store, Scheduler& scheduler, ClusterBackend& backend,
                       const WorkflowCatalog& catalog, std::shared_ptr<spdlog::logger> log)
    : store_(store), scheduler_(scheduler), backend_(backend), catalog_(catalog), log_(std::move(log)) {}

Job JobService::submit(const std::string& kind, const std::string& cluster, nlohmann::json spec) {
  Job job = newJob(newJobId(), kind, cluster, std::move(spec), catalog_.stepNames(kind), nowRfc3339());
  store_.insert(job, {JobEvent{0, job.createdAt, EventLevel::Info, "", "accepted"}});
  log_->info("job={} kind={} cluster={}: accepted", job.id, job.kind, job.cluster);
  scheduler_.enqueue(job);
  return job;
}

SubmitOutcome JobService::applyCluster(const ClusterSpec& spec) {
  try {
    auto ctx = OperationContext::forRequest(kObservationBudget);
    if (auto existing = backend_.findCluster(spec.name, ctx)) {
      if (!sameNodeSet(existing->nodeNames(), spec.nodes)) {
        return Conflict{"clusterNodesDiffer", "cluster " + spec.name + " already exists with nodes " +
                                                  joined(existing->nodeNames()) +
                                                  "; adding or evicting nodes is not done by this request"};
      }
    }
  } catch (const BackendFailure& failure) {
    // The job observes again before it changes anything, so an answer we could
    // not get now is not a reason to refuse the request.
    log_->warn("cluster={}: could not observe before accepting: {}", spec.name, failure.what());
  }
  return submit(jobkind::kClusterCreate, spec.name, toJson(spec));
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

std::vector<ClusterView> JobService::clusters() {
  auto ctx = OperationContext::forRequest(kObservationBudget);
  std::vector<ClusterView> out;
  for (const auto& name : backend_.listClusters(ctx)) {
    if (auto state = backend_.findCluster(name, ctx)) {
      out.push_back(ClusterView{*state, store_.latestForCluster(state->name)});
    }
  }
  return out;
}

}  // namespace cf
