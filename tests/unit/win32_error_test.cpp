// The Win32 codes as they cross the backend port: names for people, and
// which ones the job runner may retry.
#include <gtest/gtest.h>

#include "orchestration/model/win32_error.h"

namespace cf {
namespace {

TEST(Win32Error, NamesKnownCodesAndNumbersUnknownOnes) {
  EXPECT_EQ(win32ErrorName(win32::kDuplicateShare), "NERR_DuplicateShare");
  EXPECT_EQ(win32ErrorName(win32::kModNotFound), "ERROR_MOD_NOT_FOUND");
  EXPECT_EQ(win32ErrorName(424242), "WIN32_ERROR_424242");
}

TEST(Win32Error, OnlyWhatARetryCanFixIsTransient) {
  for (uint32_t code : {win32::kRpcServerUnavailable, win32::kRpcServerTooBusy, win32::kTimeout, win32::kSemTimeout,
                        win32::kNoneMapped, win32::kShutdownInProgress, win32::kClusterNodeDown}) {
    EXPECT_TRUE(win32ErrorIsTransient(code)) << win32ErrorName(code);
  }
  for (uint32_t code : {win32::kAccessDenied, win32::kModNotFound, win32::kInvalidData, win32::kDuplicateShare,
                        win32::kHostNotFound, 424242u}) {
    EXPECT_FALSE(win32ErrorIsTransient(code)) << win32ErrorName(code);
  }
  EXPECT_TRUE(BackendFailure(win32::kRpcServerUnavailable, "EX-NODE2 did not answer").error().transient);
}

}  // namespace
}  // namespace cf
