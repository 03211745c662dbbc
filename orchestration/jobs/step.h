// A step: one named, idempotent unit of a job.
//
// run() observes the world through the backend first and changes only what
// differs from the desired state, so running a step again, after a crash or
// for a second identical request, is always safe. A step reports what it did
// through the StepContext: a one-line summary, events, and fields of the job's
// result.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestration/model/cluster_backend.h"
#include "orchestration/jobs/job.h"
#include "orchestration/model/operation_context.h"

namespace cf {

// A failure the step itself decides on (not a backend error): the world is in a
// state the job cannot converge from, such as a cluster of this name with other
// nodes. Never retried.
class StepConflict : public std::runtime_error {
 public:
  StepConflict(std::string code, const std::string& detail) : std::runtime_error(detail), code_(std::move(code)) {}
  const std::string& code() const { return code_; }

 private:
  std::string code_;
};

class StepContext {
 public:
  StepContext(const Job& job, ClusterBackend& backend, const OperationContext& op)
      : job_(job), backend_(backend), op_(op) {}

  const Job& job() const { return job_; }
  // The part of the job's spec at `section` (a JSON pointer; "" is the whole
  // spec). A job that runs several workflows keeps each one's spec in a section.
  const nlohmann::json& spec(const std::string& section) const {
    return section.empty() ? job_.spec : job_.spec.at(nlohmann::json::json_pointer(section));
  }
  ClusterBackend& backend() { return backend_; }
  const OperationContext& op() const { return op_; }

  void info(const std::string& message) { events_.push_back({EventLevel::Info, message}); }
  void warn(const std::string& message) { events_.push_back({EventLevel::Warning, message}); }
  // Sets a top-level field of the job's result.
  void setResult(const std::string& key, nlohmann::json value) { result_[key] = std::move(value); }
  // The one-line summary shown as the step's message.
  void summarize(std::string message) { summary_ = std::move(message); }

  struct PendingEvent {
    EventLevel level;
    std::string message;
  };
  const std::vector<PendingEvent>& events() const { return events_; }
  const nlohmann::json& result() const { return result_; }
  const std::string& summary() const { return summary_; }

 private:
  const Job& job_;
  ClusterBackend& backend_;
  const OperationContext& op_;
  std::vector<PendingEvent> events_;
  nlohmann::json result_ = nlohmann::json::object();
  std::string summary_;
};

class Step {
 public:
  virtual ~Step() = default;
  virtual std::string name() const = 0;
  virtual std::chrono::milliseconds timeout() const { return std::chrono::minutes(10); }
  // A step that only observes and reports (validation) changes nothing in
  // the world, so a dry run skips it.
  virtual bool observesOnly() const { return false; }
  virtual void run(StepContext& ctx) = 0;
};

using StepList = std::vector<std::unique_ptr<Step>>;

}  // namespace cf
