#include <gtest/gtest.h>

#include "api/page_token.h"

namespace cf::api {
namespace {

TEST(PageToken, RoundTrips) {
  for (int64_t seq : {1LL, 42LL, 100000LL, 9007199254740993LL}) {
    auto token = encodePageToken(seq);
    EXPECT_EQ(decodePageToken(token), seq) << token;
  }
}

TEST(PageToken, RefusesTokensItDidNotMake) {
  for (const char* bad : {"", "42", "abc", "!!!!", "Y2YxLg", "Y2YxLi0x", "aGVsbG8gd29ybGQ"}) {
    EXPECT_FALSE(decodePageToken(bad)) << bad;
  }
  EXPECT_FALSE(decodePageToken(std::string(100, 'A')));
}

}  // namespace
}  // namespace cf::api
