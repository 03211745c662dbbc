// Requests parked until the job they watch changes or their wait ends. One
// thread serves every waiter, so a parked request holds no request thread:
// the transport hands over a Responder and goes on serving others. A waiter is
// asked again after every change of its job, and once right after it is
// parked, so a change between the handler's look and the parking is not
// missed. Past `maxWaiters`, a request is answered at once instead.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "api/http_types.h"

namespace cf::api {

class LongPollWaiters {
 public:
  explicit LongPollWaiters(size_t maxWaiters);
  // Answers every waiter left, as release() does.
  ~LongPollWaiters();

  LongPollWaiters(const LongPollWaiters&) = delete;
  LongPollWaiters& operator=(const LongPollWaiters&) = delete;

  // Answers through `respond` when the deferral has an answer, at the latest
  // at its deadline. Answers at once when full or released.
  void park(std::shared_ptr<Deferral> deferral, Responder respond);
  // A job changed: its waiters are asked again. Cheap; any thread.
  // Wakes the job's waiters to look again; an empty id wakes every waiter.
  void jobChanged(const std::string& jobId);
  // The service stops: every waiter gets its answer now, and so does every
  // later one. Returns once no responder is held or running.
  void release();
  size_t waiting() const;

 private:
  struct Waiter {
    std::shared_ptr<Deferral> deferral;
    Responder respond;
  };

  void serve();
  // Asks the waiter; answers and forgets it when it has an answer. Called
  // without the lock.
  void ask(uint64_t id, Waiter& waiter, bool waitEnded);
  void forget(uint64_t id);

  const size_t maxWaiters_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  bool released_ = false;
  bool stopping_ = false;
  size_t busy_ = 0;  // waiters being asked by the serving thread
  uint64_t nextId_ = 1;
  std::map<uint64_t, Waiter> waiters_;
  std::multimap<std::string, uint64_t> byJob_;
  std::multimap<std::chrono::steady_clock::time_point, uint64_t> byDeadline_;
  std::set<uint64_t> changed_;  // to ask again
  std::thread thread_;
};

}  // namespace cf::api
