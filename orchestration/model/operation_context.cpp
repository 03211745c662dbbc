#include "orchestration/model/operation_context.h"

#include <algorithm>

namespace cf {

namespace {
const char* describe(InterruptReason reason) {
  switch (reason) {
    case InterruptReason::CancelRequested: return "the job was canceled";
    case InterruptReason::Shutdown: return "the service is shutting down";
    case InterruptReason::DeadlineExceeded: return "the step ran past its timeout";
  }
  return "interrupted";
}
}  // namespace

OperationInterrupted::OperationInterrupted(InterruptReason reason)
    : std::runtime_error(describe(reason)), reason_(reason) {}

void StopFlag::raise() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    raised_.store(true);
  }
  changed_.notify_all();
}

bool StopFlag::waitFor(std::chrono::milliseconds duration) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return changed_.wait_for(lock, duration, [this] { return raised_.load(); });
}

OperationContext::OperationContext(std::shared_ptr<const StopFlag> cancel, std::shared_ptr<const StopFlag> shutdown,
                                   Clock::time_point deadline, ProgressSink progress, WarningSink warning)
    : cancel_(std::move(cancel)),
      shutdown_(std::move(shutdown)),
      deadline_(deadline),
      progress_(std::move(progress)),
      warning_(std::move(warning)) {}

OperationContext OperationContext::forRequest(std::chrono::milliseconds budget) {
  return OperationContext(std::make_shared<StopFlag>(), std::make_shared<StopFlag>(), Clock::now() + budget, nullptr);
}

bool OperationContext::stopRequested() const {
  return cancel_->raised() || shutdown_->raised() || Clock::now() >= deadline_;
}

void OperationContext::checkpoint() const {
  if (shutdown_->raised()) throw OperationInterrupted(InterruptReason::Shutdown);
  if (cancel_->raised()) throw OperationInterrupted(InterruptReason::CancelRequested);
  if (Clock::now() >= deadline_) throw OperationInterrupted(InterruptReason::DeadlineExceeded);
}

void OperationContext::sleepFor(std::chrono::milliseconds duration) const {
  // Poll both flags in short slices: each flag has its own condition variable,
  // and a slice of 20 ms keeps the reaction prompt without busy waiting.
  const auto slice = std::chrono::milliseconds(20);
  auto until = Clock::now() + duration;
  checkpoint();
  while (Clock::now() < until) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
    cancel_->waitFor(std::min(left, slice));
    checkpoint();
  }
}

void OperationContext::progress(int percent, const std::string& message) const {
  if (progress_) progress_(percent, message);
}

void OperationContext::warn(const std::string& message) const {
  if (warning_) warning_(message);
}

}  // namespace cf
