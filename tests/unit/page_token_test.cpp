#include <gtest/gtest.h>

#include "api/page_token.h"
#include "orchestration/common/base64.h"

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

TEST(Base64, MatchesRfc4648AndRefusesStrangers) {
  EXPECT_EQ(base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64Encode("fo"), "Zm8=");
  EXPECT_EQ(base64Encode("\xfb\xff", Base64Alphabet::UrlSafe), "-_8");
  EXPECT_EQ(base64Decode("Zm8="), "fo");
  EXPECT_EQ(base64Decode("-_8", Base64Alphabet::UrlSafe), "\xfb\xff");
  EXPECT_FALSE(base64Decode("Zm8*"));
  EXPECT_FALSE(base64Decode("Zm8=", Base64Alphabet::UrlSafe));  // no padding in tokens
}

}  // namespace
}  // namespace cf::api
