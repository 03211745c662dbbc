#include <gtest/gtest.h>

#include "orchestration/model/witness_path.h"

namespace cf {
namespace {

TEST(WitnessPath, ParsesAShareOnAServer) {
  auto p = parseWitnessPath("\\\\ex-hub1\\FSM_MBX");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->server, "EX-HUB1");
  EXPECT_EQ(p->share, "FSM_MBX");
  EXPECT_EQ(toString(*p), "\\\\EX-HUB1\\FSM_MBX");
  EXPECT_TRUE(parseWitnessPath("\\\\fs1.contoso.local\\witness"));
}

TEST(WitnessPath, RefusesWhatIsNotTheRootOfAShare) {
  for (const char* bad :
       {"", "EX-HUB1\\FSM_MBX", "\\\\EX-HUB1", "\\\\EX-HUB1\\", "\\\\EX-HUB1\\FSM_MBX\\sub", "\\\\EX_HUB1\\FSM",
        "\\\\EX-HUB1\\C$", "\\\\EX-HUB1\\a*b", "C:\\FSM_MBX", "//EX-HUB1/FSM_MBX", "\\\\bad..name\\x"}) {
    EXPECT_TRUE(witnessPathProblem(bad)) << bad;
  }
}

TEST(LocalFolderPath, AcceptsAbsoluteFolderPaths) {
  for (const char* good : {"C:\\FSM_MBX", "D:\\Witness\\Cluster 1", "c:\\x"}) {
    EXPECT_FALSE(localFolderPathProblem(good)) << good;
  }
  for (const char* bad : {"", "C:", "C:\\", "FSM_MBX", "\\\\srv\\share", "C:\\a\\\\b", "C:\\a\\..\\b", "C:\\a?",
                          "C:\\trailing.", "C:/FSM_MBX", "1:\\x"}) {
    EXPECT_TRUE(localFolderPathProblem(bad)) << bad;
  }
}

}  // namespace
}  // namespace cf
