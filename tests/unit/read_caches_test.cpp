// The caches on the read path: a rendered job is never older than the last
// change reported, and a token revoked through the service counts at once.
#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "api/caching_token_store.h"
#include "api/job_view_cache.h"

namespace cf::api {
namespace {

using namespace std::chrono_literals;

JobView view(const std::string& body) { return JobView{body, "\"" + body + "\"", false}; }

TEST(JobViewCache, RendersOncePerChange) {
  JobViewCache cache(16);
  int renders = 0;
  auto render = [&]() -> std::optional<JobView> { return view("v" + std::to_string(++renders)); };
  EXPECT_EQ(cache.get("a", render)->body, "v1");
  EXPECT_EQ(cache.get("a", render)->body, "v1");
  cache.jobChanged("a");
  EXPECT_EQ(cache.get("a", render)->body, "v2");
  EXPECT_EQ(renders, 2);
  EXPECT_EQ(cache.get("missing", [] { return std::optional<JobView>(); }), nullptr);
  EXPECT_EQ(cache.size(), 1u) << "an unknown job is not remembered";
}

TEST(JobViewCache, ARenderThatAChangeOvertookIsNotKept) {
  JobViewCache cache(16);
  // The store is read, then the job changes and the change is reported,
  // then the render finishes: what it read is already old.
  auto stale = cache.get("a", [&]() -> std::optional<JobView> {
    cache.jobChanged("a");
    return view("before the change");
  });
  EXPECT_EQ(stale->body, "before the change");
  EXPECT_EQ(cache.get("a", [] { return std::optional<JobView>(view("after")); })->body, "after");
}

TEST(JobViewCache, HoldsNoMoreThanItsCapacityAndNoneWithZero) {
  JobViewCache cache(3);
  for (int i = 0; i < 10; ++i) cache.get(std::to_string(i), [&] { return std::optional<JobView>(view("x")); });
  EXPECT_EQ(cache.size(), 3u);
  JobViewCache off(0);
  off.get("a", [] { return std::optional<JobView>(view("x")); });
  EXPECT_EQ(off.size(), 0u);
}

class CountingTokenStore : public TokenStore {
 public:
  bool create(const TokenRecord& token, const std::string& hash) override {
    byHash[hash] = token;
    return true;
  }
  std::optional<TokenRecord> findByHash(const std::string& hash) override {
    ++reads;
    auto it = byHash.find(hash);
    return it == byHash.end() ? std::nullopt : std::optional<TokenRecord>(it->second);
  }
  std::vector<TokenRecord> list() override { return {}; }
  bool revoke(const std::string& name, const std::string& now) override {
    for (auto& [hash, token] : byHash) {
      if (token.name == name) token.revokedAt = now;
    }
    return true;
  }
  void markUsed(const std::string&, const std::string&) override {}
  size_t countUsable(const std::string&) override { return byHash.size(); }

  std::map<std::string, TokenRecord> byHash;
  int reads = 0;
};

TEST(CachingTokenStore, ReadsTheStoreOncePerPeriodAndARevokeThroughItCountsAtOnce) {
  CountingTokenStore inner;
  CachingTokenStore cache(inner, 1h);
  cache.create(TokenRecord{"ops", Role::Operator, "t0", std::nullopt, std::nullopt, std::nullopt}, "h1");
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(cache.findByHash("h1"));
  EXPECT_EQ(inner.reads, 1);
  cache.revoke("ops", "t1");
  EXPECT_EQ(cache.findByHash("h1")->revokedAt, "t1");
}

TEST(CachingTokenStore, AChangeMadeElsewhereCountsOnceThePeriodEnds) {
  CountingTokenStore inner;
  CachingTokenStore cache(inner, 50ms);
  inner.create(TokenRecord{"ops", Role::Operator, "t0", std::nullopt, std::nullopt, std::nullopt}, "h1");
  EXPECT_FALSE(cache.findByHash("h1")->revokedAt);
  inner.revoke("ops", "t1");  // `clusterforge token revoke` from another process
  std::this_thread::sleep_for(60ms);
  EXPECT_EQ(cache.findByHash("h1")->revokedAt, "t1");
  EXPECT_FALSE(cache.findByHash("unknown"));
  EXPECT_FALSE(cache.findByHash("unknown"));
  EXPECT_EQ(inner.reads, 4) << "unknown hashes are asked of the store each time";
}

}  // namespace
}  // namespace cf::api
