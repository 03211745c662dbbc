// The audit trail: every request that changed something or was refused for
// want of a token or a role, recorded durably before it is answered. Who
// (the token's name, never the token), from where, what, and the outcome.
// Listed like jobs: newest first, keyset-paged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cf::api {

struct AuditRecord {
  int64_t seq = 0;
  std::string time;
  std::string tokenName;  // "" for a request without a valid token
  std::string role;
  std::string client;  // the peer's address
  std::string method;
  std::string path;
  int status = 0;
  std::string requestId;
  std::string jobId;  // when the request started one
};

struct AuditQuery {
  std::optional<std::string> tokenName;
  std::optional<std::string> since;  // RFC 3339
  int limit = 50;
  std::optional<int64_t> beforeSeq;
};

struct AuditPage {
  std::vector<AuditRecord> records;
  std::optional<int64_t> nextBeforeSeq;
};

class AuditStore {
 public:
  virtual ~AuditStore() = default;
  virtual void append(const AuditRecord& record) = 0;
  virtual AuditPage list(const AuditQuery& query) = 0;
};

// How long records are kept at least.
constexpr int kAuditRetentionDays = 90;

}  // namespace cf::api
