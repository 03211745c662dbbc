#include "api/caching_token_store.h"

#include <mutex>

namespace cf::api {

namespace {

// Tokens in use at once are few; past this many the cache starts over.
constexpr size_t kMaxEntries = 1024;

}  // namespace

bool CachingTokenStore::create(const TokenRecord& token, const std::string& hash) {
  bool created = inner_.create(token, hash);
  forgetAll();
  return created;
}

bool CachingTokenStore::revoke(const std::string& name, const std::string& now) {
  bool revoked = inner_.revoke(name, now);
  forgetAll();
  return revoked;
}

std::optional<TokenRecord> CachingTokenStore::findByHash(const std::string& hash) {
  auto now = std::chrono::steady_clock::now();
  {
    std::shared_lock lock(mutex_);
    auto it = byHash_.find(hash);
    if (it != byHash_.end() && now - it->second.fetched < ttl_) return it->second.record;
  }
  auto found = inner_.findByHash(hash);
  if (!found) return found;
  std::unique_lock lock(mutex_);
  if (byHash_.size() >= kMaxEntries) byHash_.clear();
  byHash_[hash] = Entry{*found, now};
  return found;
}

void CachingTokenStore::forgetAll() {
  std::unique_lock lock(mutex_);
  byHash_.clear();
}

}  // namespace cf::api
