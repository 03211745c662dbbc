// Bounds how often one client address, or one presented token, may fail to
// authenticate: past `limit` failures within `window`, the next attempt is
// refused (429) until the oldest failure leaves the window, so tokens cannot
// be guessed online. Memory is bounded: at most `maxKeys` keys are tracked,
// the stalest forgotten first. Safe to call from several threads.
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace cf::api {

class FailureLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  FailureLimiter(size_t limit, std::chrono::seconds window, size_t maxKeys = 10000)
      : limit_(limit), window_(window), maxKeys_(maxKeys) {}

  // Seconds to wait when `key` is over the limit now; nullopt when it may try.
  std::optional<int64_t> blockedFor(const std::string& key, Clock::time_point now = Clock::now());
  void recordFailure(const std::string& key, Clock::time_point now = Clock::now());

 private:
  void forgetOld(std::deque<Clock::time_point>& failures, Clock::time_point now) const;

  size_t limit_;
  std::chrono::seconds window_;
  size_t maxKeys_;
  std::mutex mutex_;
  std::map<std::string, std::deque<Clock::time_point>> failures_;
  std::atomic<size_t> keys_{0};  // failures_.size(), read without the lock
};

}  // namespace cf::api
