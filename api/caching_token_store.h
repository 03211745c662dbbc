// A TokenStore that remembers, for `ttl`, the token each hash named: the
// lookup every request makes, without a database read each time. A token
// created or revoked through this store counts at once; one revoked by
// another process (`clusterforge token revoke` while the service runs) is
// refused within `ttl`. Unknown hashes are not remembered, so a token made
// from the command line works at once and guesses cannot fill the memory.
// Safe from any thread.
#pragma once

#include <chrono>
#include <shared_mutex>
#include <unordered_map>

#include "api/token_store.h"

namespace cf::api {

class CachingTokenStore : public TokenStore {
 public:
  CachingTokenStore(TokenStore& inner, std::chrono::milliseconds ttl) : inner_(inner), ttl_(ttl) {}

  bool create(const TokenRecord& token, const std::string& hash) override;
  std::optional<TokenRecord> findByHash(const std::string& hash) override;
  std::vector<TokenRecord> list() override { return inner_.list(); }
  bool revoke(const std::string& name, const std::string& now) override;
  void markUsed(const std::string& name, const std::string& now) override { inner_.markUsed(name, now); }
  size_t countUsable(const std::string& now) override { return inner_.countUsable(now); }

 private:
  struct Entry {
    TokenRecord record;
    std::chrono::steady_clock::time_point fetched;
  };
  void forgetAll();

  TokenStore& inner_;
  const std::chrono::milliseconds ttl_;
  std::shared_mutex mutex_;
  std::unordered_map<std::string, Entry> byHash_;
};

}  // namespace cf::api
