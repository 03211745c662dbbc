#include <gtest/gtest.h>

#include "orchestration/model/computer_name.h"

namespace cf {
namespace {

TEST(ComputerName, AcceptsNetBiosNames) {
  for (const char* good : {"EXCLUSTER", "EX-NODE1", "a", "Node-2", "ABCDEFGHIJKLMNO"}) {
    EXPECT_FALSE(computerNameProblem(good)) << good;
  }
}

TEST(ComputerName, RefusesWhatWindowsRefuses) {
  for (const char* bad :
       {"", "ABCDEFGHIJKLMNOP", "EX_NODE1", "EX NODE", "ex.node", "12345", "-NODE", "NODE-", "NODE$", "n\xC3\xA9"}) {
    EXPECT_TRUE(computerNameProblem(bad)) << bad;
  }
}

TEST(ComputerName, ComparesWithoutCase) {
  EXPECT_EQ(canonicalName("ex-Node1"), "EX-NODE1");
  EXPECT_TRUE(sameName("excluster", "EXCLUSTER"));
  EXPECT_FALSE(sameName("EXCLUSTER", "EXCLUSTER2"));
}

}  // namespace
}  // namespace cf
