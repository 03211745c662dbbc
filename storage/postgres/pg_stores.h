// The PostgreSQL adapters of the smaller ports: validation reports,
// idempotency keys, tokens, the audit trail and webhooks. Each is the SQLite
// adapter's twin in behaviour (the store contract tests run both), on a
// shared connection pool. The job store and leases are in pg_job_store.h.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "api/audit_store.h"
#include "api/idempotency_store.h"
#include "api/token_store.h"
#include "api/webhook_store.h"
#include "orchestration/validation/report_store.h"
#include "storage/postgres/pg_connection.h"

namespace cf::storage {

class PgReportStore : public ReportStore {
 public:
  explicit PgReportStore(std::shared_ptr<PgPool> pool) : pool_(std::move(pool)) {}
  void save(const ValidationReport& report) override;
  std::optional<ValidationReport> find(const std::string& id) override;
  ReportPage list(const ReportQuery& query) override;

 private:
  std::shared_ptr<PgPool> pool_;
};

// A claim records the instance that made it: at start, an instance resolves
// only the claims of instances that are no longer alive (or its own), never
// those another live instance is still answering.
class PgIdempotencyStore : public api::IdempotencyStore {
 public:
  PgIdempotencyStore(std::shared_ptr<PgPool> pool, std::string owner, std::chrono::milliseconds liveness);
  api::IdempotencyClaim begin(const std::string& key, const std::string& scope, uint64_t fingerprint) override;
  void finish(const std::string& key, const std::string& scope, const api::StoredAnswer& answer) override;
  void abandon(const std::string& key, const std::string& scope) override;
  std::vector<Claim> unfinished() override;

 private:
  std::shared_ptr<PgPool> pool_;
  std::string owner_;
  std::chrono::milliseconds liveness_;
};

class PgTokenStore : public api::TokenStore {
 public:
  explicit PgTokenStore(std::shared_ptr<PgPool> pool) : pool_(std::move(pool)) {}
  bool create(const api::TokenRecord& token, const std::string& hash) override;
  std::optional<api::TokenRecord> findByHash(const std::string& hash) override;
  std::vector<api::TokenRecord> list() override;
  bool revoke(const std::string& name, const std::string& now) override;
  void markUsed(const std::string& name, const std::string& now) override;
  size_t countUsable(const std::string& now) override;

 private:
  std::shared_ptr<PgPool> pool_;
};

class PgAuditStore : public api::AuditStore {
 public:
  explicit PgAuditStore(std::shared_ptr<PgPool> pool) : pool_(std::move(pool)) {}
  void append(const api::AuditRecord& record) override;
  api::AuditPage list(const api::AuditQuery& query) override;

 private:
  std::shared_ptr<PgPool> pool_;
  std::atomic<uint64_t> appendsSincePrune_{0};
};

// With several instances, each runs a webhook dispatcher: fanOut() takes a
// transaction-scoped advisory lock and keeps only the transitions still
// there, and due() leases the deliveries it returns for `attemptLease`, so a
// transition becomes its deliveries once and an attempt is made by one
// instance at a time.
class PgWebhookStore : public api::WebhookStore {
 public:
  PgWebhookStore(std::shared_ptr<PgPool> pool, std::chrono::milliseconds attemptLease)
      : pool_(std::move(pool)), attemptLease_(attemptLease) {}
  void addSubscription(const api::WebhookSubscription& subscription) override;
  std::optional<api::WebhookSubscription> subscription(const std::string& id) override;
  std::vector<api::WebhookSubscription> subscriptions() override;
  bool removeSubscription(const std::string& id) override;
  std::vector<api::JobTransition> transitions(int limit) override;
  void fanOut(int64_t throughSeq, const std::vector<api::WebhookDelivery>& deliveries) override;
  std::vector<api::WebhookDelivery> due(int64_t nowMs, int limit) override;
  std::optional<int64_t> nextDueMs() override;
  void recordAttempt(const api::WebhookDelivery& delivery) override;
  int pruneDeliveries(const std::string& before) override;
  std::vector<api::WebhookDelivery> deliveries(const std::string& subscriptionId, int limit,
                                               std::optional<int64_t> beforeSeq) override;

 private:
  std::shared_ptr<PgPool> pool_;
  std::chrono::milliseconds attemptLease_;
};

}  // namespace cf::storage
