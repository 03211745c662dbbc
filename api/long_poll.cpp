#include "api/long_poll.h"

#include <utility>
#include <vector>

namespace cf::api {

LongPollWaiters::LongPollWaiters(size_t maxWaiters) : maxWaiters_(maxWaiters), thread_([this] { serve(); }) {}

LongPollWaiters::~LongPollWaiters() {
  release();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void LongPollWaiters::park(std::shared_ptr<Deferral> deferral, Responder respond) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!released_ && waiters_.size() < maxWaiters_) {
      uint64_t id = nextId_++;
      byJob_.emplace(deferral->jobId, id);
      byDeadline_.emplace(deferral->deadline, id);
      waiters_.emplace(id, Waiter{std::move(deferral), std::move(respond)});
      changed_.insert(id);
      wake_.notify_one();
      return;
    }
  }
  respond(*deferral->answer(true));
}

void LongPollWaiters::jobChanged(const std::string& jobId) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto [begin, end] = jobId.empty() ? std::make_pair(byJob_.begin(), byJob_.end()) : byJob_.equal_range(jobId);
  if (begin == end) return;
  for (auto it = begin; it != end; ++it) changed_.insert(it->second);
  wake_.notify_one();
}

size_t LongPollWaiters::waiting() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return waiters_.size();
}

void LongPollWaiters::forget(uint64_t id) {
  auto found = waiters_.find(id);
  if (found == waiters_.end()) return;
  for (auto [it, end] = byJob_.equal_range(found->second.deferral->jobId); it != end; ++it) {
    if (it->second == id) {
      byJob_.erase(it);
      break;
    }
  }
  for (auto [it, end] = byDeadline_.equal_range(found->second.deferral->deadline); it != end; ++it) {
    if (it->second == id) {
      byDeadline_.erase(it);
      break;
    }
  }
  changed_.erase(id);
  waiters_.erase(found);
}

void LongPollWaiters::ask(uint64_t id, Waiter& waiter, bool waitEnded) {
  std::optional<Response> answer = waiter.deferral->answer(waitEnded);
  if (!answer) return;
  {
    // release() may have taken the waiter and answered it meanwhile.
    std::lock_guard<std::mutex> lock(mutex_);
    if (waiters_.count(id) == 0) return;
    forget(id);
  }
  waiter.respond(std::move(*answer));
}

void LongPollWaiters::serve() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    auto now = std::chrono::steady_clock::now();
    bool expired = !byDeadline_.empty() && byDeadline_.begin()->first <= now;
    if (changed_.empty() && !expired) {
      if (byDeadline_.empty()) wake_.wait(lock);
      else wake_.wait_until(lock, byDeadline_.begin()->first);
      continue;
    }
    std::vector<std::pair<uint64_t, bool>> due;
    for (uint64_t id : changed_) due.emplace_back(id, false);
    changed_.clear();
    for (auto it = byDeadline_.begin(); it != byDeadline_.end() && it->first <= now; ++it)
      due.emplace_back(it->second, true);
    ++busy_;
    for (const auto& [id, waitEnded] : due) {
      auto found = waiters_.find(id);
      if (found == waiters_.end()) continue;
      Waiter waiter = found->second;
      lock.unlock();
      ask(id, waiter, waitEnded);
      waiter = Waiter{};
      lock.lock();
    }
    --busy_;
    idle_.notify_all();
  }
}

void LongPollWaiters::release() {
  std::map<uint64_t, Waiter> left;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    released_ = true;
    left.swap(waiters_);
    byJob_.clear();
    byDeadline_.clear();
    changed_.clear();
    idle_.wait(lock, [this] { return busy_ == 0; });
  }
  for (auto& [id, waiter] : left) waiter.respond(*waiter.deferral->answer(true));
}

}  // namespace cf::api
