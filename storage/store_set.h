// Every store the service uses, opened together on one database: SQLite
// (one file, one instance; the embedded default) or PostgreSQL (several
// instances sharing it). What above storage/ needs to know of the choice is
// here: `leases` is set only where instances share the database.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "api/audit_store.h"
#include "api/idempotency_store.h"
#include "api/token_store.h"
#include "api/webhook_store.h"
#include "orchestration/common/storage_failure.h"
#include "orchestration/jobs/job_leases.h"
#include "orchestration/jobs/job_store.h"
#include "orchestration/validation/report_store.h"
#include "storage/database_location.h"

namespace cf::storage {

struct StoreSettings {
  std::string instanceId;  // the owner of this instance's leases
  std::chrono::milliseconds lease{30000};
  size_t connections = 8;  // PostgreSQL's pool
};

struct StoreSet {
  std::unique_ptr<JobStore> jobs;
  JobLeases* leases = nullptr;  // the job store itself, on PostgreSQL
  std::unique_ptr<ReportStore> reports;
  std::unique_ptr<api::IdempotencyStore> idempotency;
  std::unique_ptr<api::TokenStore> tokens;
  std::unique_ptr<api::AuditStore> audit;
  std::unique_ptr<api::WebhookStore> webhooks;
  std::function<StorageHealth()> health;
  // What start-up logs of the opening (schema version, the check made).
  std::string openedNote;
  // After every user of the stores is gone: SQLite records a clean close.
  std::function<void()> closedCleanly;

  // Opens and migrates. Throws std::runtime_error or StorageFailure with the
  // reason and what to do.
  static std::unique_ptr<StoreSet> open(const DatabaseLocation& location, const StoreSettings& settings);
  // Only the token store, for the token commands.
  static std::unique_ptr<api::TokenStore> openTokens(const DatabaseLocation& location);
};

}  // namespace cf::storage
