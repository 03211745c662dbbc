// Remembers the answers to requests sent with an Idempotency-Key, so a
// client that retries after a timeout gets the first answer again instead of
// a second job. A key is scoped to the method and path it was first used
// with; a fingerprint of the body tells a true retry from a reused key.
//
// begin() claims the key (or reports what it already holds); finish() stores
// the answer; abandon() releases a claim whose request failed on the server
// side, so the client's retry runs again. Keys are forgotten after a day.
// A claim never outlives the process that made it: at start, HttpApi
// resolves each unfinished one to the job it created, or releases it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cf::api {

struct StoredAnswer {
  int status = 0;
  std::string contentType;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

struct IdempotencyClaim {
  enum class Outcome { Claimed, Replay, InProgress, OtherRequest };
  Outcome outcome = Outcome::Claimed;
  StoredAnswer answer;  // for Replay
};

class IdempotencyStore {
 public:
  virtual ~IdempotencyStore() = default;
  virtual IdempotencyClaim begin(const std::string& key, const std::string& scope, uint64_t fingerprint) = 0;
  virtual void finish(const std::string& key, const std::string& scope, const StoredAnswer& answer) = 0;
  virtual void abandon(const std::string& key, const std::string& scope) = 0;

  struct Claim {
    std::string key;
    std::string scope;
  };
  // Claims not finished: at start, those a process that died left behind.
  virtual std::vector<Claim> unfinished() = 0;
};

// What a job records of the key it was submitted with (Job::requestKey).
std::string requestKeyOf(const std::string& key, const std::string& scope);

// FNV-1a over the bytes: enough to tell a changed body from a retried one.
uint64_t fingerprintOf(const std::string& bytes);

}  // namespace cf::api
