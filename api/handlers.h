// The endpoints, grouped by resource. Each register function adds its routes
// to the router; handlers take the project's Request and return a Response,
// and never throw for anything a client sent.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/logger.h>

#include "api/router.h"
#include "api/audit_store.h"
#include "api/idempotency_store.h"
#include "api/token_store.h"
#include "api/webhook_store.h"
#include "api/json_shape.h"
#include "api/long_poll.h"
#include "api/job_view_cache.h"
#include "orchestration/common/metrics.h"
#include "orchestration/common/storage_failure.h"
#include "orchestration/jobs/job_leases.h"
#include "orchestration/jobs/job_service.h"
#include "orchestration/validation/report_store.h"

namespace cf::api {

struct ApiDependencies {
  JobService& jobs;
  TokenStore& tokens;
  AuditStore& audit;
  ClusterBackend& backend;
  JobScheduler& scheduler;
  ReportStore& reports;
  IdempotencyStore& idempotency;
  WebhookStore& webhooks;
  SecretBox& secrets;  // seals webhook secrets
  std::function<StorageHealth()> databaseHealth;
  std::string version;
  std::string openapiYaml;
  std::shared_ptr<spdlog::logger> log;
  size_t maxJsonDepth = kMaxJsonDepth;        // --max-json-depth
  bool publicMetrics = false;                 // --public-metrics: /readyz and /metrics without a token
  size_t authFailuresPerMinute = 10;          // --auth-failures-per-minute, per address and per token
  std::vector<std::string> corsOrigins = {};  // --cors-origin
  // Audit lines (besides the audit store); the service log when unset.
  std::shared_ptr<spdlog::logger> auditLog = nullptr;
  std::string publicUrl = "";   // --public-url: the base of absolute Location URLs
  std::string scheme = "http";  // the listener's, for absolute URLs built from Host
  // What /metrics shows; the runner and scheduler record into the same one.
  std::shared_ptr<Metrics> metrics = std::make_shared<Metrics>();
  // Requests waiting for a job to change (Prefer: wait); --max-long-polls.
  std::shared_ptr<LongPollWaiters> waiters = std::make_shared<LongPollWaiters>(1000);
  size_t maxWebhookSubscriptions = 100;  // --max-webhook-subscriptions
  // GET /v1/jobs/{id} as rendered at the job's last change (--job-cache-entries);
  // only a cache told of every change may hold entries, so none by default.
  std::shared_ptr<JobViewCache> jobViews = std::make_shared<JobViewCache>(0);
  // This instance's id (/readyz), and the live instances sharing its
  // database with what each runs (GET /v1/instances; on SQLite, this one;
  // unset, none).
  std::string instanceId = "";
  std::function<std::vector<InstanceInfo>()> instances = nullptr;
};

// Each check of readiness, observed once. Ready to take work: the database
// can be written, the backend can work, the scheduler runs.
struct ServiceReadiness {
  StorageHealth database;
  BackendReadiness backend;
  bool scheduler = false;

  bool ready() const { return database.ready && backend.ready && scheduler; }
};
ServiceReadiness observeReadiness(const ApiDependencies& deps);

void registerClusterRoutes(Router& router, ApiDependencies& deps);
void registerJobRoutes(Router& router, ApiDependencies& deps);
void registerSystemRoutes(Router& router, ApiDependencies& deps);
void registerClusterConfigRoutes(Router& router, ApiDependencies& deps);
void registerValidationRoutes(Router& router, ApiDependencies& deps);
void registerNodePreparationRoutes(Router& router, ApiDependencies& deps);
void registerAccessRoutes(Router& router, ApiDependencies& deps);
void registerSubscriptionRoutes(Router& router, ApiDependencies& deps);
void registerDocsRoutes(Router& router);

}  // namespace cf::api

namespace cf::api {

// 202 Accepted with the job, and Location / Operation-Location pointing at it.
Response acceptedJobResponse(const Job& job);

// Every route that starts a job takes ?dryRun=true: submitJob answers it.
constexpr const char* kDryRunParameter = "dryRun";

// Submits the job a request asks for (under its Idempotency-Key, if it has
// one) and answers: 202 with the job, or the refusal as a problem. With
// ?dryRun=true: 200 with the changes the job would make and any refusal,
// and nothing stored or changed.
Response submitJob(const Request& request, ApiDependencies& deps, JobRequest job);

}  // namespace cf::api
