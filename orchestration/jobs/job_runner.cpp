#include "orchestration/jobs/job_runner.h"

#include "orchestration/jobs/journaling_backend.h"

#include <algorithm>
#include <map>

#include "orchestration/common/clock.h"
#include "orchestration/common/storage_failure.h"
#include "orchestration/jobs/problem.h"
#include "orchestration/jobs/step.h"
#include "orchestration/model/cluster_model.h"

namespace cf {

std::chrono::milliseconds RetryPolicy::backoffBefore(int attempt) const {
  auto delay = initialBackoff;
  for (int i = 2; i < attempt && delay < maxBackoff; ++i) delay *= 2;
  return std::min(delay, maxBackoff);
}

JobRunner::JobRunner(JobStore& store, ClusterBackend& backend, const WorkflowCatalog& catalog, RetryPolicy retry,
                     std::shared_ptr<spdlog::logger> log, std::shared_ptr<Metrics> metrics)
    : store_(store),
      backend_(backend),
      catalog_(catalog),
      retry_(retry),
      log_(std::move(log)),
      metrics_(std::move(metrics)) {
  metrics_->declareCounter("clusterforge_jobs_total", "Jobs that ended, by kind and status.", {"kind", "status"});
  metrics_->declareCounter(
      "clusterforge_job_failures_total",
      "Jobs that failed, by kind and code (the Win32 name of a backend error, else the problem's code).",
      {"kind", "code"});
  metrics_->declareHistogram("clusterforge_job_duration_seconds",
                             "How long jobs ran in this process until they ended, by kind.", {"kind"},
                             Metrics::durationBuckets());
  metrics_->declareHistogram("clusterforge_step_duration_seconds", "How long each run of a step took.",
                             {"kind", "step"}, Metrics::durationBuckets());
  metrics_->declareCounter("clusterforge_backend_errors_total",
                           "Errors the cluster backend returned to steps, by Win32 name (retried ones included).",
                           {"win32"});
}

void JobRunner::recordEnd(const Job& job, std::chrono::steady_clock::time_point started) {
  if (!isTerminal(job.status)) return;  // interrupted by shutdown: it ends in another run
  metrics_->increment("clusterforge_jobs_total", {job.kind, toString(job.status)});
  if (job.status == JobStatus::Failed) {
    // A backend's failure is counted by its Win32 name (what an operator
    // looks up), any other by the problem's code.
    std::string code = job.error.value("code", "unknown");
    if (job.error.contains("win32") && job.error["win32"].is_object()) code = job.error["win32"].value("name", code);
    metrics_->increment("clusterforge_job_failures_total", {job.kind, code});
  }
  metrics_->observe("clusterforge_job_duration_seconds", {job.kind},
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
}

void JobRunner::commit(const Job& job, std::vector<JobEvent> events) {
  for (auto& e : events) {
    if (e.time.empty()) e.time = nowRfc3339();
    auto level = e.level == EventLevel::Error     ? spdlog::level::err
                 : e.level == EventLevel::Warning ? spdlog::level::warn
                                                  : spdlog::level::info;
    log_->log(level, "job={} kind={} cluster={} step={}: {}", job.id, job.kind, job.cluster,
              e.step.empty() ? "-" : e.step, e.message);
  }
  store_.update(job, events);
}

void JobRunner::commit(const Job& job, EventLevel level, const std::string& step, const std::string& message) {
  commit(job, {JobEvent{0, "", level, step, message}});
}

void JobRunner::failBeforeSteps(Job& job, nlohmann::json problem) {
  std::string detail = problem.value("detail", "");
  markFailed(job, std::move(problem), nowRfc3339());
  commit(job, EventLevel::Error, "", detail);
}

bool JobRunner::upgradeSpec(Job& job, const Workflow& workflow) {
  int stored = specSchemaVersion(job.spec);
  if (stored > workflow.specVersion) {
    failBeforeSteps(job, makeProblem("specVersionUnknown", "The job was stored by a newer ClusterForge", 500,
                                     "job " + job.id + " has a spec of schema version " + std::to_string(stored) +
                                         "; this build reads up to version " + std::to_string(workflow.specVersion) +
                                         ". Run the newer build to finish it."));
    return false;
  }
  if (stored == workflow.specVersion) return true;
  for (int v = stored; v < workflow.specVersion; ++v) {
    job.spec = workflow.specMigrations[static_cast<size_t>(v - 1)](std::move(job.spec));
  }
  job.spec[kSpecSchemaVersionKey] = workflow.specVersion;
  commit(job, EventLevel::Info, "",
         "spec upgraded from schema version " + std::to_string(stored) + " to " + std::to_string(workflow.specVersion));
  return true;
}

std::optional<StepList> JobRunner::stepsToRun(Job& job, const Workflow& workflow) {
  StepList steps = workflow.steps(job.spec);
  std::vector<std::string> names;
  for (const auto& step : steps) names.push_back(step->name());
  std::vector<std::string> storedNames;
  bool begun = false;
  for (const auto& s : job.steps) {
    storedNames.push_back(s.name);
    begun = begun || s.status != StepStatus::Pending;
  }
  if (names == storedNames && job.workflowVersion == workflow.version) return steps;
  if (!begun) {
    // Nothing has run yet: the job simply takes the current workflow.
    job.steps = pendingSteps(names);
    commit(job, EventLevel::Info, "",
           "takes workflow version " + std::to_string(workflow.version) + " of " + job.kind + " (stored with " +
               std::to_string(job.workflowVersion) + "): steps " + joinNames(names));
    job.workflowVersion = workflow.version;
    return steps;
  }
  if (names == storedNames) {
    // Same step names: each still means what it meant (a step whose meaning
    // changes is renamed), so the job resumes where it stopped.
    commit(job, EventLevel::Info, "",
           "resumes under workflow version " + std::to_string(workflow.version) + " of " + job.kind + " (stored with " +
               std::to_string(job.workflowVersion) + "); its steps are unchanged");
    job.workflowVersion = workflow.version;
    return steps;
  }
  failBeforeSteps(
      job, makeProblem("workflowChanged", "The job's workflow changed since it started", 409,
                       "job " + job.id + " was started by workflow version " + std::to_string(job.workflowVersion) +
                           " of " + job.kind + " with steps " + joinNames(storedNames) + "; this build's version " +
                           std::to_string(workflow.version) + " has steps " + joinNames(names) +
                           ". Submit the request again to converge with the new workflow."));
  return std::nullopt;
}

void JobRunner::run(Job job, std::shared_ptr<const StopFlag> cancel, std::shared_ptr<const StopFlag> shutdown) {
  auto started = std::chrono::steady_clock::now();
  try {
    runSteps(job, cancel, shutdown);
  } catch (const StorageFailure& failure) {
    failOnceStorageReturns(job, failure.what(), shutdown);
  }
  recordEnd(job, started);
}

void JobRunner::failOnceStorageReturns(Job& job, const std::string& reason,
                                       const std::shared_ptr<const StopFlag>& shutdown) {
  std::string step = job.currentStep();
  log_->error(
      "job={} kind={} cluster={}: its progress could not be recorded ({}); it fails as storageError once the "
      "database can be written again",
      job.id, job.kind, job.cluster, reason);
  if (!isTerminal(job.status)) {
    for (size_t i = 0; i < job.steps.size(); ++i) {
      if (job.steps[i].status == StepStatus::Running) markStepEnded(job, i, StepStatus::Failed, nowRfc3339(), reason);
    }
    auto problem = makeProblem("storageError", "The job's progress could not be recorded", 503,
                               "the service's database could not record this job's progress" +
                                   (step.empty() ? std::string() : " at step " + step) + " (" + reason +
                                   "), so the job stopped there. Its steps observe before they change: "
                                   "submitting the request again is safe.");
    if (!step.empty()) problem["step"] = step;
    markFailed(job, problem, nowRfc3339());
  }
  // Not a cancel: only the service stopping ends the wait (the job is then
  // found running at the next start and resumes like any other).
  auto never = std::make_shared<StopFlag>();
  OperationContext wait(never, shutdown, OperationContext::Clock::time_point::max(), nullptr);
  for (auto delay = retry_.initialBackoff;; delay = std::min(delay * 2, retry_.maxBackoff)) {
    try {
      std::string message =
          job.error.is_object() ? job.error.value("detail", "") : "recorded once the database could be written again";
      store_.update(job, {JobEvent{0, nowRfc3339(), EventLevel::Error, "", message}});
      return;
    } catch (const StorageFailure&) {}
    try {
      wait.sleepFor(delay);
    } catch (const OperationInterrupted&) {
      return;
    }
  }
}

void JobRunner::runSteps(Job& job, const std::shared_ptr<const StopFlag>& cancel,
                         const std::shared_ptr<const StopFlag>& shutdown) {
  if (job.cancelRequested || cancel->raised()) {
    cancelJob(job, "before it started");
    return;
  }
  markStarted(job, nowRfc3339());
  const Workflow* workflow = catalog_.find(job.kind);
  if (!workflow) {
    failBeforeSteps(job, makeProblem("unknownJobKind", "Unknown job kind", 500,
                                     "job kind " + job.kind + " is unknown to this build"));
    return;
  }
  if (!upgradeSpec(job, *workflow)) return;
  auto steps = stepsToRun(job, *workflow);
  if (!steps) return;
  std::map<std::string, Step*> byName;
  for (const auto& step : *steps) byName[step->name()] = step.get();

  size_t first = job.firstUnfinishedStep();
  commit(job, EventLevel::Info, "",
         job.attempt == 1 ? "started"
                          : "resumed (attempt " + std::to_string(job.attempt) + ") at step " +
                                (first < job.steps.size() ? job.steps[first].name : std::string("end")));

  for (size_t i = first; i < job.steps.size(); ++i) {
    if (job.steps[i].status == StepStatus::Succeeded) continue;
    switch (runStep(job, *byName.at(job.steps[i].name), i, cancel, shutdown)) {
      case StepOutcome::Succeeded: break;
      case StepOutcome::Failed: return;
      case StepOutcome::Canceled: cancelJob(job, "during step " + job.steps[i].name); return;
      case StepOutcome::Interrupted: requeue(job); return;
    }
  }
  if (!job.result.contains("changed")) job.result["changed"] = false;
  markSucceeded(job, nowRfc3339());
  commit(job, EventLevel::Info, "", "succeeded");
}

JobRunner::StepOutcome JobRunner::runStep(Job& job, Step& step, size_t index,
                                          const std::shared_ptr<const StopFlag>& cancel,
                                          const std::shared_ptr<const StopFlag>& shutdown) {
  const std::string name = step.name();
  markStepRunning(job, index, nowRfc3339());
  commit(job, EventLevel::Info, name, "step started");

  const size_t stepCount = job.steps.size();
  ProgressSink progress = [&](int percent, const std::string& message) {
    int clamped = std::clamp(percent, 0, 100);
    // A step may make several backend calls, each reporting 0-100%; the job's
    // percent never goes back, so a dashboard never sees progress undone.
    job.percent = std::max(job.percent, static_cast<int>((index * 100 + static_cast<size_t>(clamped)) / stepCount));
    job.steps[index].message = message;
    commit(job, EventLevel::Info, name, std::to_string(clamped) + "%: " + message);
  };

  for (int attempt = 1;; ++attempt) {
    OperationContext op(cancel, shutdown, OperationContext::Clock::now() + step.timeout(), progress,
                        [&](const std::string& message) { commit(job, EventLevel::Warning, name, message); });
    // The journal sees every change the step makes, so `changed` is true
    // exactly when some step changed something.
    auto stepStarted = std::chrono::steady_clock::now();
    auto timed = [&] {
      metrics_->observe("clusterforge_step_duration_seconds", {job.kind, name},
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - stepStarted).count());
    };
    JournalingBackend journal(backend_, JournalingBackend::Mode::Apply);
    journal.setStep(name);
    StepContext ctx(job, journal, op);
    try {
      step.run(ctx);
      for (const auto& [key, value] : ctx.result().items()) job.result[key] = value;
      job.result["changed"] = job.result.value("changed", false) || !journal.entries().empty();
      std::vector<JobEvent> events;
      for (const auto& e : ctx.events()) events.push_back({0, "", e.level, name, e.message});
      markStepSucceeded(job, index, nowRfc3339(), ctx.summary());
      events.push_back(
          {0, "", EventLevel::Info, name, "step succeeded" + (ctx.summary().empty() ? "" : ": " + ctx.summary())});
      commit(job, std::move(events));
      timed();
      return StepOutcome::Succeeded;
    } catch (const BackendFailure& failure) {
      const auto& error = failure.error();
      metrics_->increment("clusterforge_backend_errors_total", {error.name});
      timed();
      if (error.transient && attempt < retry_.maxAttempts) {
        auto delay = retry_.backoffBefore(attempt + 1);
        commit(job, EventLevel::Warning, name,
               "transient error " + error.name + " (" + std::to_string(error.code) + "): " + error.message +
                   "; retrying in " + std::to_string(delay.count()) + " ms (attempt " + std::to_string(attempt + 1) +
                   " of " + std::to_string(retry_.maxAttempts) + ")");
        try {
          OperationContext wait(cancel, shutdown, OperationContext::Clock::time_point::max(), nullptr);
          wait.sleepFor(delay);
        } catch (const OperationInterrupted& interrupted) {
          return interrupted.reason() == InterruptReason::Shutdown ? StepOutcome::Interrupted : StepOutcome::Canceled;
        }
        continue;
      }
      failStep(job, index, backendProblem(error, name, attempt));
      return StepOutcome::Failed;
    } catch (const StepConflict& conflict) {
      auto problem = makeProblem(conflict.code(), "The cluster is not in a state this job can converge from", 409,
                                 conflict.what());
      problem["step"] = name;
      failStep(job, index, problem);
      return StepOutcome::Failed;
    } catch (const OperationInterrupted& interrupted) {
      switch (interrupted.reason()) {
        case InterruptReason::Shutdown: return StepOutcome::Interrupted;
        case InterruptReason::CancelRequested: return StepOutcome::Canceled;
        case InterruptReason::DeadlineExceeded: {
          auto problem =
              makeProblem("stepTimeout", "A step ran past its timeout", 504,
                          "step " + name + " did not finish within " + std::to_string(step.timeout().count()) + " ms");
          problem["step"] = name;
          failStep(job, index, problem);
          return StepOutcome::Failed;
        }
      }
    } catch (const StorageFailure&) {
      throw;  // not the step's failure: run() waits for the database
    } catch (const std::exception& e) {
      // A bug, not a property of the world: fail this job and keep the
      // service up. The text may name server files: it goes to the log only.
      log_->error("job={} step={}: unexpected failure: {}", job.id, name, e.what());
      auto problem =
          makeProblem("internalError", "The step failed unexpectedly", 500,
                      "step " + name + " failed unexpectedly; the service log has the details under job " + job.id);
      problem["step"] = name;
      failStep(job, index, problem);
      return StepOutcome::Failed;
    }
  }
}

void JobRunner::failStep(Job& job, size_t index, nlohmann::json problem) {
  std::string detail = problem.value("detail", "");
  markStepEnded(job, index, StepStatus::Failed, nowRfc3339(), detail);
  markFailed(job, std::move(problem), nowRfc3339());
  commit(job, EventLevel::Error, job.steps[index].name, "step failed: " + detail);
}

void JobRunner::cancelJob(Job& job, const std::string& where) {
  markCanceled(job, nowRfc3339());
  commit(job, EventLevel::Warning, "", "canceled " + where);
}

void JobRunner::requeue(Job& job) {
  markRequeued(job);
  size_t next = job.firstUnfinishedStep();
  commit(job, EventLevel::Warning, "",
         "interrupted by service shutdown; will resume at step " +
             (next < job.steps.size() ? job.steps[next].name : std::string("end")) + " on the next start");
}

}  // namespace cf
