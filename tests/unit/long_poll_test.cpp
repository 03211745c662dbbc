// Prefer: wait parsing and the long-poll waiters: a parked request is answered
// after a change of its job, at its deadline, or when the service stops, once.
#include <gtest/gtest.h>

#include <atomic>
#include <future>

#include "api/long_poll.h"
#include "api/prefer.h"

namespace cf::api {
namespace {

using namespace std::chrono_literals;

TEST(PreferredWait, ReadsTheWaitPreferenceAmongOthers) {
  EXPECT_EQ(preferredWait("wait=5"), 5s);
  EXPECT_EQ(preferredWait("respond-async, wait=10"), 10s);
  EXPECT_EQ(preferredWait(" WAIT = \"7\" ; foo=bar, handling=lenient"), 7s);
  EXPECT_EQ(preferredWait("return=minimal,wait=0"), 0s);
}

TEST(PreferredWait, CapsLongWaitsAndIgnoresWhatIsNotANumber) {
  EXPECT_EQ(preferredWait("wait=3600"), kMaxPreferredWait);
  EXPECT_EQ(preferredWait("wait=99999999999999999999"), std::nullopt);
  EXPECT_EQ(preferredWait("wait=-1"), std::nullopt);
  EXPECT_EQ(preferredWait("wait=1.5"), std::nullopt);
  EXPECT_EQ(preferredWait("wait="), std::nullopt);
  EXPECT_EQ(preferredWait("waiting=5"), std::nullopt);
  EXPECT_EQ(preferredWait("respond-async"), std::nullopt);
  EXPECT_EQ(preferredWait(""), std::nullopt);
}

// A deferral on job "j1" that has an answer once `version` moves past 0.
struct Watched {
  std::atomic<int> version{0};
  std::atomic<int> asked{0};

  std::shared_ptr<Deferral> deferral(std::chrono::milliseconds wait) {
    auto d = std::make_shared<Deferral>();
    d->jobId = "j1";
    d->deadline = std::chrono::steady_clock::now() + wait;
    d->answer = [this](bool waitEnded) -> std::optional<Response> {
      ++asked;
      if (version == 0 && !waitEnded) return std::nullopt;
      Response r;
      r.status = waitEnded && version == 0 ? 304 : 200;
      return r;
    };
    return d;
  }
};

// The status the parked request is answered with, when it is.
std::future<int> park(LongPollWaiters& waiters, std::shared_ptr<Deferral> deferral) {
  auto answered = std::make_shared<std::promise<int>>();
  auto status = answered->get_future();
  waiters.park(std::move(deferral), [answered](Response r) { answered->set_value(r.status); });
  return status;
}

TEST(LongPollWaiters, AnswersWhenTheJobChanges) {
  LongPollWaiters waiters(10);
  Watched watched;
  auto status = park(waiters, watched.deferral(30s));
  EXPECT_EQ(status.wait_for(100ms), std::future_status::timeout);
  EXPECT_EQ(waiters.waiting(), 1u);
  waiters.jobChanged("other");
  EXPECT_EQ(status.wait_for(50ms), std::future_status::timeout);
  watched.version = 1;
  waiters.jobChanged("j1");
  ASSERT_EQ(status.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(status.get(), 200);
  EXPECT_EQ(waiters.waiting(), 0u);
}

TEST(LongPollWaiters, AnswersAtTheDeadlineOrAtOnceWhenTheChangeCameBeforeParking) {
  LongPollWaiters waiters(10);
  Watched unchanged;
  Watched changed;
  changed.version = 1;  // after the handler looked, before it parked
  auto atDeadline = park(waiters, unchanged.deferral(200ms));
  auto atOnce = park(waiters, changed.deferral(30s));
  ASSERT_EQ(atOnce.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(atOnce.get(), 200);
  ASSERT_EQ(atDeadline.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(atDeadline.get(), 304);
}

TEST(LongPollWaiters, AnswersAtOnceWhenFullOrReleasedAndEveryWaiterOnRelease) {
  LongPollWaiters waiters(1);
  Watched watched;
  std::atomic<int> answers{0};
  std::atomic<int> notModified{0};
  auto respond = [&](Response r) {
    ++answers;
    if (r.status == 304) ++notModified;
  };
  waiters.park(watched.deferral(30s), respond);
  waiters.park(watched.deferral(30s), respond);  // over the limit: answered now
  EXPECT_EQ(answers, 1);
  waiters.release();
  EXPECT_EQ(answers, 2);
  waiters.park(watched.deferral(30s), respond);
  EXPECT_EQ(answers, 3);
  EXPECT_EQ(notModified, 3);
  EXPECT_EQ(waiters.waiting(), 0u);
}

TEST(LongPollWaiters, AnswersEachWaiterExactlyOnceUnderManyChanges) {
  Watched watched;
  std::atomic<int> answers{0};
  {
    LongPollWaiters waiters(1000);
    for (int i = 0; i < 200; ++i) waiters.park(watched.deferral(30s), [&](Response) { ++answers; });
    std::thread changer([&] {
      for (int i = 0; i < 50; ++i) waiters.jobChanged("j1");
      watched.version = 1;
      for (int i = 0; i < 50; ++i) waiters.jobChanged("j1");
    });
    changer.join();
    for (int i = 0; i < 500 && answers < 200; ++i) std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(answers, 200);
}

}  // namespace
}  // namespace cf::api
