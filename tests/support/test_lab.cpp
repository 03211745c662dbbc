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

nlohmann::json wholeRunbookRequest() {
  return nlohmann::json::parse(R"({
    "nodes": ["EX-NODE1", "EX-NODE2"],
    "staticAddresses": [{"address": "10.0.0.50", "prefixLength": 24}],
    "prepare": {"profile": "exchange2007-ccr-mailbox"},
    "validateBefore": {},
    "networks": [
      {"match": {"subnet": "10.0.0.0/24"}, "name": "Public", "role": "clusterAndClient"},
      {"match": {"subnet": "192.168.10.0/24"}, "name": "Private", "role": "clusterOnly"}],
    "quorum": {"mode": "nodeAndFileShareMajority",
               "fileShareWitness": {"path": "\\\\EX-HUB1\\FSM_MBX", "prepare": {"localPath": "C:\\FSM_MBX"}}},
    "validateAfter": {}})");
}

}  // namespace cf::test
