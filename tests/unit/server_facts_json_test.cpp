// The JSON form of a server's facts: what lab inventories hold and what the
// ClusAPI backend's server-facts script answers, read by one checked parser.
#include <gtest/gtest.h>

#include <stdexcept>

#include "orchestration/model/server_facts_json.h"

namespace cf {
namespace {

using nlohmann::json;

json node1() {
  return json::parse(R"({
    "name": "ex-node1", "domain": "contoso.local",
    "os": {"caption": "Windows Server 2008 Enterprise", "edition": "Enterprise", "version": "6.0.6001",
           "servicePack": 1, "architecture": "x64"},
    "features": ["Failover-Clustering"],
    "adapters": [{"name": "Public", "address": "10.0.0.11", "prefixLength": 24, "dhcp": false, "gateway": "10.0.0.1"},
                 {"name": "Private", "address": "192.168.10.11", "prefixLength": 24, "gateway": null}],
    "services": [{"name": "ClusSvc", "running": false}],
    "clusterName": "excluster"})");
}

TEST(ServerFactsJson, ReadsAScriptAnswerAndWritesItBackTheSame) {
  ServerFacts facts = serverFactsFromJson(node1(), "");
  EXPECT_EQ(facts.name, "EX-NODE1");
  EXPECT_EQ(facts.os.installationType, "Full");
  ASSERT_EQ(facts.adapters.size(), 2u);
  EXPECT_EQ(facts.adapters[0].gateway->toString(), "10.0.0.1");
  EXPECT_FALSE(facts.adapters[1].gateway);
  EXPECT_FALSE(facts.services[0].running);
  EXPECT_TRUE(facts.firewallAllowsClustering);  // absent means the rules are on
  EXPECT_EQ(*facts.clusterName, "EXCLUSTER");
  ServerFacts again = serverFactsFromJson(toJson(facts), "");
  EXPECT_EQ(toJson(again), toJson(facts));
}

TEST(ServerFactsJson, NamesTheFieldThatIsWrong) {
  auto expectBad = [](json j, const std::string& where) {
    try {
      serverFactsFromJson(j, "/servers/0");
      ADD_FAILURE() << "accepted " << j.dump();
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(where), std::string::npos) << e.what();
    }
  };
  json j = node1();
  j["adapters"][1]["address"] = "192.168.10.300";
  expectBad(j, "/servers/0/adapters/1/address");
  j = node1();
  j["os"].erase("servicePack");
  expectBad(j, "/servers/0/os");
  j = node1();
  j["features"] = "Failover-Clustering";
  expectBad(j, "/servers/0/features");
  j = node1();
  j["restartPending"] = "yes";
  expectBad(j, "/servers/0/restartPending");
  j = node1();
  j["clusterName"] = "not a name!";
  expectBad(j, "/servers/0/clusterName");
}

}  // namespace
}  // namespace cf
