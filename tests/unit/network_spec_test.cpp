#include <gtest/gtest.h>

#include "orchestration/specs/network_spec.h"

namespace cf {
namespace {

using nlohmann::json;

// The runbook cluster right after creation.
ClusterState createdCluster() {
  ClusterState c;
  c.name = "EXCLUSTER";
  c.addresses = {{*Ipv4Address::parse("10.0.0.50"), 24}};
  c.networks = {
      {"Cluster Network 1", *Subnet::parseCidr("10.0.0.0/24"), NetworkRole::ClusterAndClient, 10000, true, {}},
      {"Cluster Network 2", *Subnet::parseCidr("192.168.10.0/24"), NetworkRole::ClusterOnly, 1001, true, {}}};
  return c;
}

std::vector<NetworkSetting> settings(const std::string& body) {
  auto parsed = parseNetworkSpec("EXCLUSTER", json::parse(body));
  EXPECT_TRUE(parsed.spec) << (parsed.errors.empty() ? "" : parsed.errors[0].where + " " + parsed.errors[0].detail);
  return parsed.spec ? parsed.spec->networks : std::vector<NetworkSetting>{};
}

std::vector<std::string> pointers(const FieldErrors& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.where);
  return out;
}

const char* kRunbook = R"({"networks":[
  {"match":{"subnet":"10.0.0.0/24"},"name":"Public","role":"clusterAndClient"},
  {"match":{"subnet":"192.168.10.0/24"},"name":"Private","role":"clusterOnly"}]})";

TEST(NetworkSpec, RejectsBadSyntaxWithPointers) {
  auto parsed = parseNetworkSpec("EXCLUSTER", json::parse(R"({"networks":[
      {"match":{"subnet":"10.0.0.5/24"},"role":"public"},
      {"match":{"subnet":"10.0.0.0/24","name":"x"},"name":"A"},
      {"match":{"name":"B"}},
      {"name":"C"},
      {"match":{"name":"D"},"metric":0,"colour":"red"},
      {"match":{"name":"E"},"name":" padded"}]})"));
  EXPECT_FALSE(parsed.spec);
  EXPECT_EQ(
      pointers(parsed.errors),
      (std::vector<std::string>{"/networks/0/match/subnet", "/networks/0/role", "/networks/1/match", "/networks/2",
                                "/networks/3/match", "/networks/4/metric", "/networks/4/colour", "/networks/5/name"}));
  EXPECT_FALSE(parseNetworkSpec("C", json::parse(R"({"networks":[]})")).spec);
}

TEST(NetworkSpec, PlansOnlyWhatDiffers) {
  auto plan = planNetworks(createdCluster(), settings(kRunbook));
  ASSERT_TRUE(plan.errors.empty());
  ASSERT_EQ(plan.changes.size(), 2u);
  EXPECT_EQ(plan.changes[0].network, "Cluster Network 1");
  EXPECT_EQ(plan.changes[0].rename, "Public");
  EXPECT_FALSE(plan.changes[0].role);  // already clusterAndClient

  ClusterState done = createdCluster();
  done.networks[0].name = "Public";
  done.networks[1].name = "Private";
  EXPECT_TRUE(planNetworks(done, settings(kRunbook)).changes.empty());
}

TEST(NetworkSpec, ANetworkWithAClusterAddressKeepsClientAccess) {
  auto plan = planNetworks(createdCluster(),
                           settings(R"({"networks":[{"match":{"subnet":"10.0.0.0/24"},"role":"clusterOnly"}]})"));
  EXPECT_EQ(pointers(plan.errors), (std::vector<std::string>{"/networks/0/role"}));
  EXPECT_TRUE(plan.changes.empty());
}

TEST(NetworkSpec, OneNetworkMustStayUsableByTheCluster) {
  ClusterState c = createdCluster();
  c.addresses.clear();
  auto plan = planNetworks(c, settings(R"({"networks":[{"match":{"subnet":"10.0.0.0/24"},"role":"none"},
                                                        {"match":{"subnet":"192.168.10.0/24"},"role":"none"}]})"));
  EXPECT_EQ(pointers(plan.errors), (std::vector<std::string>{"/networks"}));
}

TEST(NetworkSpec, MatchesMustFindExactlyOneNetworkOnce) {
  auto plan = planNetworks(createdCluster(), settings(R"({"networks":[
      {"match":{"subnet":"172.16.0.0/16"},"name":"X"},
      {"match":{"name":"Cluster Network 2"},"name":"Private"},
      {"match":{"subnet":"192.168.10.0/24"},"metric":5}]})"));
  EXPECT_EQ(pointers(plan.errors), (std::vector<std::string>{"/networks/0/match", "/networks/2/match"}));
}

TEST(NetworkSpec, NamesStayUnique) {
  auto plan = planNetworks(createdCluster(),
                           settings(R"({"networks":[{"match":{"subnet":"10.0.0.0/24"},"name":"Cluster Network 2"}]})"));
  EXPECT_EQ(pointers(plan.errors), (std::vector<std::string>{"/networks/0/name"}));
  // Swapping two names in one request is fine.
  auto swap = planNetworks(createdCluster(), settings(R"({"networks":[
      {"match":{"subnet":"10.0.0.0/24"},"name":"Cluster Network 2"},
      {"match":{"subnet":"192.168.10.0/24"},"name":"Cluster Network 1"}]})"));
  EXPECT_TRUE(swap.errors.empty());
}

TEST(NetworkSpec, AMetricTurnsAutoMetricOff) {
  auto plan = planNetworks(createdCluster(),
                           settings(R"({"networks":[{"match":{"subnet":"192.168.10.0/24"},"metric":1001}]})"));
  ASSERT_EQ(plan.changes.size(), 1u);  // same value, but AutoMetric is still on
  EXPECT_EQ(plan.changes[0].metric, 1001u);
}

TEST(NetworkSpec, StoredSpecRoundTrips) {
  auto parsed = parseNetworkSpec("excluster", json::parse(kRunbook));
  ASSERT_TRUE(parsed.spec);
  auto back = networkSpecFromStored(toStored(*parsed.spec));
  EXPECT_EQ(back.cluster, "EXCLUSTER");
  ASSERT_EQ(back.networks.size(), 2u);
  EXPECT_EQ(back.networks[1].matchSubnet->toString(), "192.168.10.0/24");
  EXPECT_EQ(back.networks[1].role, NetworkRole::ClusterOnly);
}

TEST(NetworkSpec, AVersion1StoredSpecMigratesToTheStoredFormOfToday) {
  // What jobs stored before the stored form had its own shape hold.
  json v1 = json::parse(R"({"cluster":"EXCLUSTER","networks":[
      {"match":{"subnet":"10.0.0.0/24"},"name":"Public","role":"clusterAndClient"},
      {"match":{"name":"Cluster Network 2"},"name":"Private","role":"clusterOnly","metric":1001}]})");
  auto parsed = parseNetworkSpec("EXCLUSTER", json::parse(R"({"networks":[
      {"match":{"subnet":"10.0.0.0/24"},"name":"Public","role":"clusterAndClient"},
      {"match":{"name":"Cluster Network 2"},"name":"Private","role":"clusterOnly","metric":1001}]})"));
  ASSERT_TRUE(parsed.spec);
  EXPECT_EQ(storedNetworkSpecV1toV2(v1), toStored(*parsed.spec));
  auto back = networkSpecFromStored(storedNetworkSpecV1toV2(v1));
  EXPECT_EQ(back.networks[1].matchName, "Cluster Network 2");
  EXPECT_EQ(back.networks[1].metric, 1001u);
}

}  // namespace
}  // namespace cf
