// Loading clusapi.dll on a host that may lack it: the answer says what is
// missing and what to do, and nothing crashes.
#include <gtest/gtest.h>

#include "orchestration/backends/clusapi/win/clusapi_library_win.h"

namespace cf::clusapi {
namespace {

TEST(ClusapiLibrary, AMissingDllSaysToInstallTheTools) {
  auto library = ClusapiLibrary::load(L"clusapi-not-installed.dll");
  EXPECT_FALSE(library.available());
  EXPECT_NE(library.problem().find("install the Failover Clustering tools"), std::string::npos) << library.problem();
}

TEST(ClusapiLibrary, ADllWithoutCreateClusterIsNotEnough) {
  // Wine's own clusapi.dll is a set of stubs without CreateCluster
  // (CLUSAPI-NOTES.md); on Windows with the tools every function resolves.
  auto library = ClusapiLibrary::load();
  if (library.available()) {
    EXPECT_NE(library.functions().CreateCluster, nullptr);
    return;
  }
  const auto& missing = library.missingFunctions();
  EXPECT_NE(std::find(missing.begin(), missing.end(), "CreateCluster"), missing.end()) << library.problem();
  EXPECT_NE(library.problem().find("CreateCluster"), std::string::npos);
  EXPECT_NE(library.functions().OpenCluster, nullptr);  // what is there still resolves
}

}  // namespace
}  // namespace cf::clusapi
