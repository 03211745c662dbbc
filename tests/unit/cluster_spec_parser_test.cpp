#include <gtest/gtest.h>

#include "orchestration/model/cluster_json.h"
#include "orchestration/specs/cluster_spec.h"

namespace cf {
namespace {

using nlohmann::json;

ClusterSpecParse parse(const std::string& name, const std::string& body) {
  return parseClusterSpec(name, json::parse(body));
}

std::vector<std::string> pointers(const ClusterSpecParse& p) {
  std::vector<std::string> out;
  for (const auto& e : p.errors) out.push_back(e.where);
  return out;
}

TEST(ClusterSpecParser, AcceptsTheRunbookClusterAndCanonicalisesNames) {
  auto p = parse("excluster", R"({"nodes":["ex-node1","EX-NODE2"],
                                 "staticAddresses":[{"address":"10.0.0.50","prefixLength":24}]})");
  ASSERT_TRUE(p.spec) << (p.errors.empty() ? "" : p.errors[0].detail);
  EXPECT_EQ(p.spec->name, "EXCLUSTER");
  EXPECT_EQ(p.spec->nodes, (std::vector<std::string>{"EX-NODE1", "EX-NODE2"}));
  EXPECT_EQ(p.spec->staticAddresses[0].address.toString(), "10.0.0.50");
  EXPECT_EQ(p.spec->managementPoint, ManagementPoint::ActiveDirectory);
}

TEST(ClusterSpecParser, ReadsManagementPoint) {
  auto p = parse("C1", R"({"nodes":["N1"],"staticAddresses":[{"address":"10.0.0.50","prefixLength":24}],
                           "managementPoint":"dns"})");
  ASSERT_TRUE(p.spec);
  EXPECT_EQ(p.spec->managementPoint, ManagementPoint::Dns);
  auto bad = parse("C1", R"({"nodes":["N1"],"staticAddresses":[{"address":"10.0.0.50","prefixLength":24}],
                             "managementPoint":"ldap"})");
  EXPECT_EQ(pointers(bad), (std::vector<std::string>{"/managementPoint"}));
}

TEST(ClusterSpecParser, ReportsEveryBadFieldWithItsPointer) {
  auto p = parse("BAD_NAME", R"({"nodes":["EX-NODE1", 7, "ex-node1", "BAD NODE"],
                                "staticAddresses":[{"address":"10.0.0.0","prefixLength":24},
                                                   {"address":"10.0.0.300","prefixLength":24},
                                                   {"address":"10.0.0.9","prefixLength":31},
                                                   {"address":"10.0.0.9","prefixLength":24, "gateway":"x"}],
                                "node":"typo"})");
  EXPECT_FALSE(p.spec);
  EXPECT_EQ(pointers(p),
            (std::vector<std::string>{"name", "/nodes/1", "/nodes/2", "/nodes/3", "/staticAddresses/0/address",
                                      "/staticAddresses/1/address", "/staticAddresses/2/prefixLength",
                                      "/staticAddresses/3/gateway", "/node"}));
  EXPECT_EQ(p.errors[0].location, FieldError::Location::Parameter);
  EXPECT_EQ(p.errors[1].location, FieldError::Location::Body);
}

TEST(ClusterSpecParser, RequiresNodesAndAddresses) {
  auto p = parse("C1", "{}");
  EXPECT_EQ(pointers(p), (std::vector<std::string>{"/nodes", "/staticAddresses"}));
  auto empty = parse("C1", R"({"nodes":[],"staticAddresses":[]})");
  EXPECT_EQ(pointers(empty), (std::vector<std::string>{"/nodes", "/staticAddresses"}));
}

TEST(ClusterSpecParser, RefusesNonObjectsAndWrongTypes) {
  EXPECT_EQ(pointers(parse("C1", "[1,2]")), (std::vector<std::string>{""}));
  auto p = parse("C1", R"({"nodes":"EX-NODE1","staticAddresses":[{"address":10,"prefixLength":"24"}]})");
  EXPECT_EQ(pointers(p),
            (std::vector<std::string>{"/nodes", "/staticAddresses/0/address", "/staticAddresses/0/prefixLength"}));
}

TEST(ClusterSpecParser, RefusesTwoAddressesOnOneSubnet) {
  auto p = parse("C1", R"({"nodes":["N1"],"staticAddresses":[{"address":"10.0.0.50","prefixLength":24},
                                                            {"address":"10.0.0.51","prefixLength":24}]})");
  EXPECT_EQ(pointers(p), (std::vector<std::string>{"/staticAddresses/1"}));
}

TEST(ClusterSpecParser, RefusesANodeNamedLikeTheCluster) {
  auto p = parse("C1", R"({"nodes":["c1"],"staticAddresses":[{"address":"10.0.0.50","prefixLength":24}]})");
  EXPECT_EQ(pointers(p), (std::vector<std::string>{"/nodes/0"}));
}

TEST(ClusterSpecParser, RefusesLoopbackAndOutOfRangeNumbers) {
  auto p = parse("C1", R"({"nodes":["N1"],"staticAddresses":[{"address":"127.0.0.5","prefixLength":8},
                                                            {"address":"10.1.0.5","prefixLength":99999999999999999999}]})");
  EXPECT_EQ(pointers(p), (std::vector<std::string>{"/staticAddresses/0/address", "/staticAddresses/1/prefixLength"}));
}

TEST(ClusterSpecParser, StoredSpecRoundTrips) {
  auto p = parse("EXCLUSTER", R"({"nodes":["EX-NODE1","EX-NODE2"],
                                  "staticAddresses":[{"address":"10.0.0.50","prefixLength":24}]})");
  ASSERT_TRUE(p.spec);
  ClusterSpec back = clusterSpecFromStored(toStored(*p.spec));
  EXPECT_EQ(back.name, p.spec->name);
  EXPECT_EQ(back.nodes, p.spec->nodes);
  EXPECT_EQ(back.staticAddresses, p.spec->staticAddresses);
}

}  // namespace
}  // namespace cf
