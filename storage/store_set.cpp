#include "storage/store_set.h"

#include <stdexcept>

#include "storage/database.h"
#include "storage/group_commit.h"
#include "storage/postgres/pg_connection.h"
#include "storage/postgres/pg_job_store.h"
#include "storage/postgres/pg_schema.h"
#include "storage/postgres/pg_stores.h"
#include "storage/sqlite_audit_store.h"
#include "storage/sqlite_idempotency_store.h"
#include "storage/sqlite_job_store.h"
#include "storage/sqlite_report_store.h"
#include "storage/sqlite_token_store.h"
#include "storage/sqlite_webhook_store.h"

namespace cf::storage {

namespace {

std::unique_ptr<StoreSet> openSqlite(const std::string& path) {
  auto set = std::make_unique<StoreSet>();
  bool untouched = acceptCleanClose(path);
  // Jobs and the audit trail share one connection: an audited submit's two
  // writes, and those of concurrent requests, commit in groups.
  auto journal = GroupCommit::open(path);
  auto jobs = std::make_unique<SqliteJobStore>(journal);
  SqliteJobStore* probe = jobs.get();
  set->jobs = std::move(jobs);
  set->reports = SqliteReportStore::open(path);
  set->idempotency = SqliteIdempotencyStore::open(path);
  set->tokens = SqliteTokenStore::open(path);
  set->audit = std::make_unique<SqliteAuditStore>(journal);
  set->webhooks = SqliteWebhookStore::open(path);
  set->health = [probe] { return probe->health(); };
  set->openedNote =
      "SQLite " + path + " at schema version " + std::to_string(currentSchemaVersion()) +
      (untouched ? " (as the last clean stop left it: not checked again)" : "; quick_check found it sound");
  set->closedCleanly = [path] { recordCleanClose(path); };
  return set;
}

std::shared_ptr<PgPool> openPostgres(const std::string& url, size_t connections) {
  auto pool = std::make_shared<PgPool>(url, connections);
  pool->with([](PgConnection& c) { migratePostgres(c); });
  return pool;
}

std::unique_ptr<StoreSet> openPostgresStores(const std::string& url, const StoreSettings& settings) {
  auto pool = openPostgres(url, settings.connections);
  auto set = std::make_unique<StoreSet>();
  auto jobs = std::make_unique<PgJobStore>(pool, settings.instanceId);
  PgJobStore* store = jobs.get();
  set->leases = store;
  set->jobs = std::move(jobs);
  set->reports = std::make_unique<PgReportStore>(pool);
  // Another instance is alive while its heartbeat is younger than three leases.
  set->idempotency = std::make_unique<PgIdempotencyStore>(pool, settings.instanceId, 3 * settings.lease);
  set->tokens = std::make_unique<PgTokenStore>(pool);
  set->audit = std::make_unique<PgAuditStore>(pool);
  set->webhooks = std::make_unique<PgWebhookStore>(pool, std::chrono::minutes(2));
  set->health = [store] { return store->health(); };
  set->openedNote = "PostgreSQL " + redactedDatabaseUrl(url) + " at schema version " +
                    std::to_string(currentPostgresSchemaVersion()) + ", this instance " + settings.instanceId;
  set->closedCleanly = [] {};
  return set;
}

}  // namespace

std::unique_ptr<StoreSet> StoreSet::open(const DatabaseLocation& location, const StoreSettings& settings) {
  if (location.kind == DatabaseLocation::Kind::Sqlite) return openSqlite(location.target);
  return openPostgresStores(location.target, settings);
}

std::unique_ptr<api::TokenStore> StoreSet::openTokens(const DatabaseLocation& location) {
  if (location.kind == DatabaseLocation::Kind::Sqlite) return SqliteTokenStore::open(location.target);
  return std::make_unique<PgTokenStore>(openPostgres(location.target, 1));
}

}  // namespace cf::storage
