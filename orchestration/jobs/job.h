// A job: a long-running operation as a resource with a status, progress, an
// error and a result.
//
// States move queued -> running -> succeeded | failed | canceled, and a
// running job may go back to queued when the service stops under it (it then
// resumes at its first unfinished step). Terminal states never change: the
// transition functions below throw std::logic_error on any move the state
// machine does not allow, so a bug cannot quietly rewrite history.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace cf {

enum class JobStatus { Queued, Running, Succeeded, Failed, Canceled };
enum class StepStatus { Pending, Running, Succeeded, Failed, Canceled };

std::string toString(JobStatus s);
std::optional<JobStatus> parseJobStatus(const std::string& s);
std::string toString(StepStatus s);
std::optional<StepStatus> parseStepStatus(const std::string& s);
bool isTerminal(JobStatus s);

struct StepProgress {
  std::string name;
  StepStatus status = StepStatus::Pending;
  std::string startedAt;
  std::string finishedAt;
  std::string message;
};

enum class EventLevel { Info, Warning, Error };
std::string toString(EventLevel level);

struct JobEvent {
  int64_t sequence = 0;  // 1, 2, ... per job; assigned by the store
  std::string time;
  EventLevel level = EventLevel::Info;
  std::string step;  // empty for job-level events
  std::string message;
};

struct Job {
  int64_t seq = 0;  // store-assigned, increasing in creation order
  std::string id;
  std::string kind;
  std::string cluster;
  nlohmann::json spec = nlohmann::json::object();
  JobStatus status = JobStatus::Queued;
  bool cancelRequested = false;
  std::string createdAt;
  std::string startedAt;
  std::string finishedAt;
  std::vector<StepProgress> steps;
  int percent = 0;
  nlohmann::json result = nlohmann::json::object();
  nlohmann::json error;     // null, or a problem object
  int attempt = 0;          // how many times a worker has started the job
  int workflowVersion = 1;  // of the kind's workflow its steps were listed from
  // The client's idempotency key and its scope, when the job was submitted
  // with one: stored with the job so a retry after a crash finds it.
  std::string requestKey;

  // Index of the first step that has not succeeded, or steps.size().
  size_t firstUnfinishedStep() const;
  // Name of the running step, else of the next one to run; empty when done.
  std::string currentStep() const;
};

// Steps of these names, none started yet.
std::vector<StepProgress> pendingSteps(const std::vector<std::string>& names);

Job newJob(std::string id, std::string kind, std::string cluster, nlohmann::json spec,
           const std::vector<std::string>& stepNames, std::string now);

// State transitions; each throws std::logic_error when not allowed.
void markStarted(Job& job, const std::string& now);
void markRequeued(Job& job);
void markSucceeded(Job& job, const std::string& now);
void markFailed(Job& job, nlohmann::json problem, const std::string& now);
void markCanceled(Job& job, const std::string& now);

void markStepRunning(Job& job, size_t step, const std::string& now);
void markStepSucceeded(Job& job, size_t step, const std::string& now, std::string message);
void markStepEnded(Job& job, size_t step, StepStatus status, const std::string& now, std::string message);

}  // namespace cf
