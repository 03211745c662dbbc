#include "tests/support/test_lab.h"

namespace cf::test {

std::string labPath(const std::string& fileName) {
  return std::string(CLUSTERFORGE_SOURCE_DIR) + "/deploy/sim/" + fileName;
}

sim::Lab referenceLab() { return sim::readLabFile(labPath("exchange-ccr-lab.json")); }

ClusterSpec runbookClusterSpec() {
  ClusterSpec spec;
  spec.name = "EXCLUSTER";
  spec.nodes = {"EX-NODE1", "EX-NODE2"};
  spec.staticAddresses = {{*Ipv4Address::parse("10.0.0.50"), 24}};
  return spec;
}

std::string runbookClusterBody() {
  return R"({"nodes":["EX-NODE1","EX-NODE2"],"staticAddresses":[{"address":"10.0.0.50","prefixLength":24}]})";
}

}  // namespace cf::test
