#include "orchestration/jobs/job.h"

#include <stdexcept>

namespace cf {

namespace {

const char* const kJobStatusWords[] = {"queued", "running", "succeeded", "failed", "canceled"};
const char* const kStepStatusWords[] = {"pending", "running", "succeeded", "failed", "canceled"};

template <typename Enum, size_t N>
std::optional<Enum> parseWord(const char* const (&words)[N], const std::string& s) {
  for (size_t i = 0; i < N; ++i) {
    if (s == words[i]) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

void require(bool allowed, const Job& job, const char* what) {
  if (!allowed) {
    throw std::logic_error(std::string("job ") + job.id + ": cannot " + what + " when " + toString(job.status));
  }
}

StepProgress& stepAt(Job& job, size_t step) {
  if (step >= job.steps.size()) throw std::logic_error("job " + job.id + ": no step " + std::to_string(step));
  return job.steps[step];
}

void updatePercent(Job& job) {
  if (job.steps.empty()) return;
  size_t done = 0;
  for (const auto& s : job.steps) done += s.status == StepStatus::Succeeded ? 1 : 0;
  job.percent = static_cast<int>(done * 100 / job.steps.size());
}

}  // namespace

std::string toString(JobStatus s) { return kJobStatusWords[static_cast<int>(s)]; }
std::optional<JobStatus> parseJobStatus(const std::string& s) { return parseWord<JobStatus>(kJobStatusWords, s); }
std::string toString(StepStatus s) { return kStepStatusWords[static_cast<int>(s)]; }
std::optional<StepStatus> parseStepStatus(const std::string& s) { return parseWord<StepStatus>(kStepStatusWords, s); }

bool isTerminal(JobStatus s) { return s == JobStatus::Succeeded || s == JobStatus::Failed || s == JobStatus::Canceled; }

std::string toString(EventLevel level) {
  switch (level) {
    case EventLevel::Info: return "info";
    case EventLevel::Warning: return "warning";
    case EventLevel::Error: return "error";
  }
  return "info";
}

size_t Job::firstUnfinishedStep() const {
  for (size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].status != StepStatus::Succeeded) return i;
  }
  return steps.size();
}

std::string Job::currentStep() const {
  size_t i = firstUnfinishedStep();
  return i < steps.size() && !isTerminal(status) ? steps[i].name : std::string();
}

std::vector<StepProgress> pendingSteps(const std::vector<std::string>& names) {
  std::vector<StepProgress> steps;
  for (const auto& name : names) steps.push_back(StepProgress{name, StepStatus::Pending, "", "", ""});
  return steps;
}

Job newJob(std::string id, std::string kind, std::string cluster, nlohmann::json spec,
           const std::vector<std::string>& stepNames, std::string now) {
  Job job;
  job.id = std::move(id);
  job.kind = std::move(kind);
  job.cluster = std::move(cluster);
  job.spec = std::move(spec);
  job.createdAt = std::move(now);
  job.steps = pendingSteps(stepNames);
  return job;
}

void markStarted(Job& job, const std::string& now) {
  require(job.status == JobStatus::Queued, job, "start");
  job.status = JobStatus::Running;
  if (job.startedAt.empty()) job.startedAt = now;
  ++job.attempt;
}

void markRequeued(Job& job) {
  require(job.status == JobStatus::Running, job, "requeue");
  job.status = JobStatus::Queued;
  for (auto& step : job.steps) {
    if (step.status == StepStatus::Running) {
      step.status = StepStatus::Pending;
      step.finishedAt.clear();
    }
  }
}

void markSucceeded(Job& job, const std::string& now) {
  require(job.status == JobStatus::Running, job, "succeed");
  require(job.firstUnfinishedStep() == job.steps.size(), job, "succeed with steps left");
  job.status = JobStatus::Succeeded;
  job.finishedAt = now;
  job.percent = 100;
}

void markFailed(Job& job, nlohmann::json problem, const std::string& now) {
  require(!isTerminal(job.status), job, "fail");
  job.status = JobStatus::Failed;
  job.error = std::move(problem);
  job.finishedAt = now;
}

void markCanceled(Job& job, const std::string& now) {
  require(!isTerminal(job.status), job, "cancel");
  job.status = JobStatus::Canceled;
  job.finishedAt = now;
  for (auto& step : job.steps) {
    if (step.status == StepStatus::Pending || step.status == StepStatus::Running) {
      step.status = StepStatus::Canceled;
    }
  }
}

void markStepRunning(Job& job, size_t step, const std::string& now) {
  require(job.status == JobStatus::Running, job, "run a step");
  auto& s = stepAt(job, step);
  s.status = StepStatus::Running;
  s.startedAt = now;
  s.finishedAt.clear();
  s.message.clear();
}

void markStepSucceeded(Job& job, size_t step, const std::string& now, std::string message) {
  markStepEnded(job, step, StepStatus::Succeeded, now, std::move(message));
}

void markStepEnded(Job& job, size_t step, StepStatus status, const std::string& now, std::string message) {
  auto& s = stepAt(job, step);
  if (s.status != StepStatus::Running) {
    throw std::logic_error("job " + job.id + ": step " + s.name + " is not running");
  }
  s.status = status;
  s.finishedAt = now;
  s.message = std::move(message);
  updatePercent(job);
}

}  // namespace cf
