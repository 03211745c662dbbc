// The authenticator without the service: a token's last-use note is best
// effort, so a database too busy to take it does not refuse the request.
#include <gtest/gtest.h>

#include "api/authenticator.h"
#include "orchestration/common/storage_failure.h"

namespace cf::api {
namespace {

// One operator token, in a store whose writes fail (another process holds
// the database's write lock past the busy timeout).
class BusyTokenStore : public TokenStore {
 public:
  bool create(const TokenRecord&, const std::string&) override { return false; }
  std::optional<TokenRecord> findByHash(const std::string& hash) override {
    if (hash != tokenHash("cft_operator")) return std::nullopt;
    return TokenRecord{"ops", Role::Operator, "2026-01-01T00:00:00.000Z", std::nullopt, std::nullopt, std::nullopt};
  }
  std::vector<TokenRecord> list() override { return {}; }
  bool revoke(const std::string&, const std::string&) override { return false; }
  void markUsed(const std::string&, const std::string&) override {
    ++marks;
    throw StorageFailure("the database failed: database is locked");
  }
  size_t countUsable(const std::string&) override { return 1; }

  int marks = 0;
};

TEST(Authenticator, ATokenIsAcceptedWhenItsLastUseCannotBeWrittenAndTheNoteIsTriedAgain) {
  BusyTokenStore tokens;
  FailureLimiter limiter(10, std::chrono::seconds(60));
  Authenticator authenticator(tokens, limiter);
  Request request;
  request.headers["authorization"] = "Bearer cft_operator";
  request.clientAddress = "127.0.0.1";
  for (int i = 0; i < 2; ++i) {
    auto decision = authenticator.decide(request, Access::Operator);
    EXPECT_EQ(decision.kind, AuthDecision::Kind::Allowed);
    ASSERT_TRUE(decision.caller);
    EXPECT_EQ(decision.caller->tokenName, "ops");
  }
  EXPECT_EQ(tokens.marks, 2) << "a note that failed is not remembered as taken";
}

}  // namespace
}  // namespace cf::api
