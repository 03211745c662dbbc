// Runs one job's steps in order, from its first unfinished step, committing
// every state change to the JobStore before going on.
//
// - Transient backend errors are retried with bounded exponential backoff;
//   permanent ones, conflicts and timeouts fail the job with a problem object.
// - A cancel request ends the job `canceled` at the next checkpoint.
// - A shutdown puts the job back to `queued` with its finished steps kept, so
//   the next start resumes it; the interrupted step runs again, which is safe
//   because steps observe before they change.
// - Steps are matched to the stored job by name. A job stored by another
//   version of its workflow resumes only when its steps are the same, or when
//   none has run yet; otherwise it fails as workflowChanged. A spec stored in
//   an older schema version is upgraded first (workflow_catalog.h).
#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include <spdlog/logger.h>

#include "orchestration/common/metrics.h"
#include "orchestration/model/cluster_backend.h"
#include "orchestration/jobs/job_store.h"
#include "orchestration/jobs/workflow_catalog.h"

namespace cf {

struct RetryPolicy {
  int maxAttempts = 5;
  std::chrono::milliseconds initialBackoff{250};
  std::chrono::milliseconds maxBackoff{8000};

  std::chrono::milliseconds backoffBefore(int attempt) const;  // attempt >= 2
};

class JobRunner {
 public:
  // `metrics` gets jobs finished by kind and status, failures by code, job
  // and step durations and backend errors; a registry of its own by default.
  JobRunner(JobStore& store, ClusterBackend& backend, const WorkflowCatalog& catalog, RetryPolicy retry,
            std::shared_ptr<spdlog::logger> log, std::shared_ptr<Metrics> metrics = std::make_shared<Metrics>());

  // Runs a queued job until it is terminal or a shutdown interrupts it. When
  // the store cannot record its progress, the job waits for the store and
  // then fails as storageError: it never stays `running`.
  void run(Job job, std::shared_ptr<const StopFlag> cancel, std::shared_ptr<const StopFlag> shutdown);

 private:
  enum class StepOutcome { Succeeded, Failed, Canceled, Interrupted };

  void runSteps(Job& job, const std::shared_ptr<const StopFlag>& cancel,
                const std::shared_ptr<const StopFlag>& shutdown);
  void failOnceStorageReturns(Job& job, const std::string& reason, const std::shared_ptr<const StopFlag>& shutdown);
  // Brings the stored spec to the workflow's schema version; false when the
  // job failed because it cannot.
  bool upgradeSpec(Job& job, const Workflow& workflow);
  // The steps for the job's stored step list, or nullopt when the job failed
  // because its workflow changed under it.
  std::optional<StepList> stepsToRun(Job& job, const Workflow& workflow);
  void failBeforeSteps(Job& job, nlohmann::json problem);
  StepOutcome runStep(Job& job, Step& step, size_t index, const std::shared_ptr<const StopFlag>& cancel,
                      const std::shared_ptr<const StopFlag>& shutdown);
  void failStep(Job& job, size_t index, nlohmann::json problem);
  void cancelJob(Job& job, const std::string& where);
  void requeue(Job& job);
  // The job's end in the metrics, when it ended.
  void recordEnd(const Job& job, std::chrono::steady_clock::time_point started);
  // Commits the job with one event and writes the event to the log.
  void commit(const Job& job, EventLevel level, const std::string& step, const std::string& message);
  void commit(const Job& job, std::vector<JobEvent> events);

  JobStore& store_;
  ClusterBackend& backend_;
  const WorkflowCatalog& catalog_;
  RetryPolicy retry_;
  std::shared_ptr<spdlog::logger> log_;
  std::shared_ptr<Metrics> metrics_;
};

}  // namespace cf
