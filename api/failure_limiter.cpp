#include "api/failure_limiter.h"

#include <algorithm>

namespace cf::api {

void FailureLimiter::forgetOld(std::deque<Clock::time_point>& failures, Clock::time_point now) const {
  while (!failures.empty() && now - failures.front() >= window_) failures.pop_front();
}

std::optional<int64_t> FailureLimiter::blockedFor(const std::string& key, Clock::time_point now) {
  if (keys_.load() == 0) return std::nullopt;  // no failure on record: the usual case
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return std::nullopt;
  forgetOld(it->second, now);
  if (it->second.empty()) {
    failures_.erase(it);
    keys_ = failures_.size();
    return std::nullopt;
  }
  if (it->second.size() < limit_) return std::nullopt;
  auto wait = std::chrono::duration_cast<std::chrono::seconds>(it->second.front() + window_ - now).count();
  return std::max<int64_t>(1, wait + 1);
}

void FailureLimiter::recordFailure(const std::string& key, Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!failures_.count(key) && failures_.size() >= maxKeys_) {
    // Forget the key whose last failure is oldest.
    auto stalest = std::min_element(failures_.begin(), failures_.end(), [](const auto& a, const auto& b) {
      return a.second.empty() || (!b.second.empty() && a.second.back() < b.second.back());
    });
    failures_.erase(stalest);
  }
  auto& list = failures_[key];
  keys_ = failures_.size();
  forgetOld(list, now);
  list.push_back(now);
  if (list.size() > limit_) list.pop_front();
}

}  // namespace cf::api
