#include <cstdio>
#include <ctime>
#include <regex>

#include <gtest/gtest.h>

#include "orchestration/common/clock.h"
#include "orchestration/jobs/job.h"
#include "orchestration/jobs/job_service.h"

namespace cf {
namespace {

Job threeStepJob() { return newJob("j1", "cluster.create", "C1", {}, {"a", "b", "c"}, "t0"); }

TEST(Clock, ReadsBackTheTimesItWrites) {
  for (auto t : {std::chrono::system_clock::time_point{}, std::chrono::system_clock::now(),
                 std::chrono::system_clock::time_point(std::chrono::milliseconds(951782400123))}) {  // 2000-02-29
    auto ms = std::chrono::time_point_cast<std::chrono::milliseconds>(t);
    auto read = parseRfc3339(formatRfc3339(t));
    ASSERT_TRUE(read) << formatRfc3339(t);
    EXPECT_EQ(std::chrono::time_point_cast<std::chrono::milliseconds>(*read), ms) << formatRfc3339(t);
  }
  EXPECT_EQ(formatRfc3339(*parseRfc3339("2026-12-03T12:30:09.500Z")), "2026-12-03T12:30:09.500Z");
  EXPECT_FALSE(parseRfc3339("2026-12-03T12:30:09Z"));
  EXPECT_FALSE(parseRfc3339("2026-12-03 12:30:09.500Z"));
  EXPECT_FALSE(parseRfc3339("2026-12-03T12:30:09.500+01"));
  EXPECT_FALSE(parseRfc3339(""));
}

TEST(Clock, WritesTheCalendarDateGmtimeGives) {
  using std::chrono::milliseconds;
  auto at = [](int64_t ms) { return std::chrono::system_clock::time_point(milliseconds(ms)); };
  EXPECT_EQ(formatRfc3339(at(0)), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(formatRfc3339(at(-1)), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(formatRfc3339(at(951782400123)), "2000-02-29T00:00:00.123Z");
  EXPECT_EQ(formatRfc3339(at(4107542399999)), "2100-02-28T23:59:59.999Z");
  EXPECT_EQ(formatRfc3339(at(4107542400000)), "2100-03-01T00:00:00.000Z");
  // Every day from 1970 to 2200, at a time of day that moves with it.
  for (int64_t day = 0; day < 84000; ++day) {
    int64_t ms = day * 86400000 + (day * 7919 % 86400) * 1000 + day % 1000;
    std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char expected[96];
    std::snprintf(expected, sizeof expected, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(ms % 1000));
    ASSERT_EQ(formatRfc3339(at(ms)), expected) << ms;
  }
}

TEST(JobIds, AreVersion7UuidsThatSortByCreationTime) {
  auto before = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  std::string previous;
  for (int i = 0; i < 2000; ++i) {
    std::string id = newJobId();
    ASSERT_TRUE(std::regex_match(id, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
        << id;
    int64_t millis = std::stoll(id.substr(0, 8) + id.substr(9, 4), nullptr, 16);
    EXPECT_GE(millis, before) << id;
    EXPECT_LE(millis, before + 60000) << id;
    // Ids of different milliseconds sort in time order.
    if (!previous.empty() && previous.substr(0, 13) != id.substr(0, 13)) {
      EXPECT_LT(previous, id);
    }
    EXPECT_NE(previous, id);
    previous = id;
  }
}

TEST(JobStateMachine, RunsThroughToSucceeded) {
  Job job = threeStepJob();
  EXPECT_EQ(job.status, JobStatus::Queued);
  EXPECT_EQ(job.currentStep(), "a");
  markStarted(job, "t1");
  EXPECT_EQ(job.attempt, 1);
  for (size_t i = 0; i < 3; ++i) {
    markStepRunning(job, i, "t");
    markStepSucceeded(job, i, "t", "done");
  }
  EXPECT_EQ(job.percent, 100);
  markSucceeded(job, "t2");
  EXPECT_EQ(job.status, JobStatus::Succeeded);
  EXPECT_EQ(job.startedAt, "t1");
  EXPECT_EQ(job.finishedAt, "t2");
  EXPECT_EQ(job.currentStep(), "");
}

TEST(JobStateMachine, TerminalStatesNeverChange) {
  Job job = threeStepJob();
  markStarted(job, "t1");
  markFailed(job, {{"code", "x"}}, "t2");
  EXPECT_THROW(markStarted(job, "t3"), std::logic_error);
  EXPECT_THROW(markSucceeded(job, "t3"), std::logic_error);
  EXPECT_THROW(markCanceled(job, "t3"), std::logic_error);
  EXPECT_THROW(markFailed(job, {}, "t3"), std::logic_error);
  EXPECT_THROW(markRequeued(job), std::logic_error);
  EXPECT_EQ(job.status, JobStatus::Failed);
  EXPECT_EQ(job.finishedAt, "t2");
}

TEST(JobStateMachine, CannotSucceedWithStepsLeft) {
  Job job = threeStepJob();
  markStarted(job, "t1");
  markStepRunning(job, 0, "t");
  markStepSucceeded(job, 0, "t", "");
  EXPECT_THROW(markSucceeded(job, "t2"), std::logic_error);
  EXPECT_EQ(job.percent, 33);
}

TEST(JobStateMachine, RequeueKeepsFinishedStepsAndResumesAtTheFirstUnfinished) {
  Job job = threeStepJob();
  markStarted(job, "t1");
  markStepRunning(job, 0, "t");
  markStepSucceeded(job, 0, "t", "");
  markStepRunning(job, 1, "t");
  markRequeued(job);
  EXPECT_EQ(job.status, JobStatus::Queued);
  EXPECT_EQ(job.steps[0].status, StepStatus::Succeeded);
  EXPECT_EQ(job.steps[1].status, StepStatus::Pending);
  EXPECT_EQ(job.firstUnfinishedStep(), 1u);
  markStarted(job, "t5");
  EXPECT_EQ(job.attempt, 2);
  EXPECT_EQ(job.startedAt, "t1");
}

TEST(JobStateMachine, CancelMarksUnfinishedStepsCanceled) {
  Job job = threeStepJob();
  markStarted(job, "t1");
  markStepRunning(job, 0, "t");
  markCanceled(job, "t2");
  EXPECT_EQ(job.status, JobStatus::Canceled);
  EXPECT_EQ(job.steps[0].status, StepStatus::Canceled);
  EXPECT_EQ(job.steps[2].status, StepStatus::Canceled);
}

TEST(JobStateMachine, QueuedJobCannotBeRequeuedOrRunSteps) {
  Job job = threeStepJob();
  EXPECT_THROW(markRequeued(job), std::logic_error);
  EXPECT_THROW(markStepRunning(job, 0, "t"), std::logic_error);
  markStarted(job, "t");
  EXPECT_THROW(markStepRunning(job, 7, "t"), std::logic_error);
  EXPECT_THROW(markStepSucceeded(job, 0, "t", ""), std::logic_error);  // not running
}

TEST(JobStatus, WordsRoundTrip) {
  for (auto s : {JobStatus::Queued, JobStatus::Running, JobStatus::Succeeded, JobStatus::Failed, JobStatus::Canceled}) {
    EXPECT_EQ(parseJobStatus(toString(s)), s);
  }
  EXPECT_FALSE(parseJobStatus("done"));
}

}  // namespace
}  // namespace cf
