// What every step and backend call receives besides its arguments.
//
// An OperationContext answers "should I stop?" (a cancel request, a service
// shutdown, the step's deadline) and takes progress reports. Long backend
// operations call checkpoint() between phases and sleepFor() instead of
// sleeping, so a cancel or a shutdown takes effect at the next safe point and
// never in the middle of a change. The context itself is cheap; the stop flags
// it watches are shared with whoever may raise them.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

namespace cf {

enum class InterruptReason { CancelRequested, Shutdown, DeadlineExceeded };

class OperationInterrupted : public std::runtime_error {
 public:
  explicit OperationInterrupted(InterruptReason reason);
  InterruptReason reason() const { return reason_; }

 private:
  InterruptReason reason_;
};

// A flag that can be raised once and waited on. Shared between the party that
// raises it (API, signal handler) and the work that watches it.
class StopFlag {
 public:
  void raise();
  bool raised() const { return raised_.load(); }
  // Waits until raised or the time passes; returns whether it was raised.
  bool waitFor(std::chrono::milliseconds duration) const;

 private:
  std::atomic<bool> raised_{false};
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
};

using ProgressSink = std::function<void(int percent, const std::string& message)>;
// Something the operation did that worked but deserves an operator's look
// (CreateCluster's Warning phases); the job runner records it as a warning event.
using WarningSink = std::function<void(const std::string& message)>;

class OperationContext {
 public:
  using Clock = std::chrono::steady_clock;

  OperationContext(std::shared_ptr<const StopFlag> cancel, std::shared_ptr<const StopFlag> shutdown,
                   Clock::time_point deadline, ProgressSink progress, WarningSink warning = nullptr);

  // A context for short synchronous observations made while serving a request.
  static OperationContext forRequest(std::chrono::milliseconds budget);

  // Throws OperationInterrupted when the work should stop now.
  void checkpoint() const;
  // Sleeps, waking early to throw when the work should stop.
  void sleepFor(std::chrono::milliseconds duration) const;
  void progress(int percent, const std::string& message) const;
  void warn(const std::string& message) const;

  bool stopRequested() const;

 private:
  std::shared_ptr<const StopFlag> cancel_;
  std::shared_ptr<const StopFlag> shutdown_;
  Clock::time_point deadline_;
  ProgressSink progress_;
  WarningSink warning_;
};

}  // namespace cf
