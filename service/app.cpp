#include "service/app.h"

#include <filesystem>

#include "api/caching_token_store.h"
#include "api/transport.h"
#include "api/webhook_dispatcher.h"
#include "api/http_api.h"
#include "api/openapi_document.h"
#include "orchestration/backends/simulated/simulated_backend.h"
#include "orchestration/jobs/job_runner.h"
#include "orchestration/jobs/job_service.h"
#include "orchestration/jobs/notifying_job_store.h"
#include "orchestration/jobs/scheduler.h"
#include "orchestration/jobs/workflow_catalog.h"
#include "orchestration/workflows/standard_catalog.h"
#include "service/data_directory.h"
#include "service/logging.h"
#include "service/platform.h"
#include "service/reference_lab.h"
#include "service/version.h"
#include "storage/database.h"
#include "storage/sqlite_audit_store.h"
#include "storage/sqlite_idempotency_store.h"
#include "storage/sqlite_job_store.h"
#include "storage/sqlite_report_store.h"
#include "storage/sqlite_token_store.h"
#include "storage/sqlite_webhook_store.h"

namespace cf::service {

struct App::Parts {
  std::shared_ptr<spdlog::logger> log;
  std::shared_ptr<Metrics> metrics;
  std::unique_ptr<SecretBox> secrets;
  std::unique_ptr<storage::SqliteJobStore> store;
  std::unique_ptr<NotifyingJobStore> notifyingStore;  // the store the engine and the API use
  std::unique_ptr<storage::SqliteReportStore> reports;
  std::unique_ptr<storage::SqliteIdempotencyStore> idempotency;
  std::unique_ptr<storage::SqliteTokenStore> tokens;
  std::unique_ptr<api::CachingTokenStore> cachedTokens;  // the one the API asks
  std::unique_ptr<storage::SqliteAuditStore> audit;
  std::unique_ptr<storage::SqliteWebhookStore> webhooks;
  std::unique_ptr<api::HttpClient> webhookClient;
  std::unique_ptr<api::WebhookDispatcher> webhookDispatcher;
  std::unique_ptr<ClusterBackend> backend;
  std::unique_ptr<WorkflowCatalog> catalog;
  std::unique_ptr<JobRunner> runner;
  std::unique_ptr<Scheduler> scheduler;
  std::unique_ptr<JobService> jobs;
  std::shared_ptr<api::LongPollWaiters> waiters;
  std::shared_ptr<api::JobViewCache> jobViews;
  std::unique_ptr<api::HttpApi> http;
  std::unique_ptr<api::Transport> transport;
};

App::App(Options options) : options_(std::move(options)), parts_(std::make_unique<Parts>()) {}

App::~App() { stop(); }

namespace {
sim::Lab loadLab(const Options& options, const std::string& statePath, spdlog::logger& log) {
  if (std::filesystem::exists(statePath)) {
    log.info("simulated lab: resuming from {}", statePath);
    return sim::readLabFile(statePath);
  }
  if (options.labFile.empty()) {
    log.info("simulated lab: the built-in reference lab (deploy/sim/exchange-ccr-lab.json)");
    return sim::labFromJson(nlohmann::json::parse(referenceLabJson()));
  }
  log.info("simulated lab: inventory {}", options.labFile);
  return sim::readLabFile(options.labFile);
}
}  // namespace

void App::start() {
  prepareDataDirectory(options_.dataDir, options_.allowEmptyDatabase);
  std::string databasePath = databasePathIn(options_.dataDir);

  auto& p = *parts_;
  p.log = makeLogger(options_.dataDir, options_.logLevel);
  p.log->info("ClusterForge {} starting: data directory {}, backend {}, {} workers", clusterforgeVersion(),
              std::filesystem::absolute(options_.dataDir).string(), options_.backend, options_.workers);

  p.secrets = platform::makeSecretBox(options_.dataDir);

  bool untouched = storage::acceptCleanClose(databasePath);
  // Jobs and the audit trail share one connection: an audited submit's two
  // writes, and those of concurrent requests, commit in groups.
  auto journal = storage::GroupCommit::open(databasePath);
  p.store = std::make_unique<storage::SqliteJobStore>(journal);
  p.reports = storage::SqliteReportStore::open(databasePath);
  p.idempotency = storage::SqliteIdempotencyStore::open(databasePath);
  p.tokens = storage::SqliteTokenStore::open(databasePath);
  p.cachedTokens = std::make_unique<api::CachingTokenStore>(*p.tokens, std::chrono::seconds(1));
  p.audit = std::make_unique<storage::SqliteAuditStore>(journal);
  p.webhooks = storage::SqliteWebhookStore::open(databasePath);
  p.catalog = std::make_unique<WorkflowCatalog>(standardCatalog(*p.secrets, *p.reports));
  p.log->info("database {} open at schema version {}{}", databasePath, storage::currentSchemaVersion(),
              untouched ? " (as the last clean stop left it: not checked again)" : "; quick_check found it sound");

  if (options_.backend == "clusapi") {
    p.backend = platform::makeClusapiBackend();
  } else {
    std::string statePath = options_.dataDir + "/simulated-lab.json";
    p.backend = std::make_unique<sim::SimulatedBackend>(loadLab(options_, statePath, *p.log), statePath,
                                                        std::chrono::milliseconds(options_.simDelayMs));
  }
  BackendReadiness readiness = p.backend->readiness();
  if (readiness.ready) p.log->info("backend {}: {}", p.backend->kind(), readiness.detail);
  else
    p.log->error("backend {} is not ready: {}; jobs will fail until this is fixed", p.backend->kind(),
                 readiness.detail);

  p.metrics = std::make_shared<Metrics>();
  platform::declareProcessMetrics(*p.metrics);
  p.waiters = std::make_shared<api::LongPollWaiters>(static_cast<size_t>(options_.maxLongPolls));
  p.jobViews = std::make_shared<api::JobViewCache>(static_cast<size_t>(options_.jobCacheEntries));
  p.notifyingStore = std::make_unique<NotifyingJobStore>(*p.store);
  // Listeners run in this order: a woken long-poll must not read the job
  // back from the cache as it was before the change.
  p.notifyingStore->addListener([views = p.jobViews](const std::string& jobId) { views->jobChanged(jobId); });
  p.notifyingStore->addListener([waiters = p.waiters](const std::string& jobId) { waiters->jobChanged(jobId); });
  p.notifyingStore->addListener([&p](const std::string&) {
    if (p.webhookDispatcher) p.webhookDispatcher->wake();
  });
  p.runner = std::make_unique<JobRunner>(*p.notifyingStore, *p.backend, *p.catalog, RetryPolicy{}, p.log, p.metrics);
  p.scheduler =
      std::make_unique<Scheduler>(*p.notifyingStore, *p.runner, static_cast<size_t>(options_.workers), p.log, p.metrics);
  p.jobs = std::make_unique<JobService>(*p.notifyingStore, *p.scheduler, *p.backend, *p.catalog, *p.secrets, p.log);
  storage::SqliteJobStore* store = p.store.get();
  api::WebhookPolicy webhookPolicy;
  webhookPolicy.timeout = std::chrono::milliseconds(options_.webhookTimeoutMs);
  webhookPolicy.firstRetry = std::chrono::milliseconds(options_.webhookRetryBaseMs);
  webhookPolicy.giveUpAfter = std::chrono::hours(options_.webhookGiveUpHours);
  webhookPolicy.keepFor = std::chrono::hours(24 * options_.webhookKeepDays);
  p.webhookClient = api::makeHttpClient();
  p.webhookDispatcher = std::make_unique<api::WebhookDispatcher>(
      *p.webhooks, *p.notifyingStore, *p.secrets, *p.webhookClient, webhookPolicy, p.metrics, p.log,
      "ClusterForge/" + clusterforgeVersion());
  p.http = std::make_unique<api::HttpApi>(api::ApiDependencies{
      *p.jobs, *p.cachedTokens, *p.audit, *p.backend, *p.scheduler, *p.reports, *p.idempotency, *p.webhooks, *p.secrets,
      [store] { return store->health(); }, clusterforgeVersion(), clusterforgeOpenapiYaml(), p.log,
      options_.maxJsonDepth, options_.publicMetrics, static_cast<size_t>(options_.authFailuresPerMinute),
      options_.corsOrigins, makeAuditLogger(p.log), options_.publicUrl,
      options_.listenUrl.rfind("https://", 0) == 0 ? "https" : "http", p.metrics, p.waiters,
      static_cast<size_t>(options_.maxWebhookSubscriptions), p.jobViews});

  p.http->resolveAbandonedClaims();
  p.scheduler->start();
  p.webhookDispatcher->start();
  // The listener's pool serves requests only; jobs have their own workers.
  api::TransportOptions transport;
  transport.listenUrl = options_.listenUrl;
  transport.threads = static_cast<size_t>(std::max(4, options_.workers));
  transport.writeThreads = static_cast<size_t>(options_.writeThreads);
  transport.maxBodyBytes = options_.maxBodyBytes;
  transport.maxHeaderBytes = options_.maxHeaderBytes;
  transport.maxUrlBytes = options_.maxUrlBytes;
  transport.headerTimeout = std::chrono::milliseconds(options_.headerTimeoutMs);
  transport.bodyTimeout = std::chrono::milliseconds(options_.bodyTimeoutMs);
  transport.keepAliveTimeout = std::chrono::milliseconds(options_.keepAliveTimeoutMs);
  transport.maxConnections = static_cast<size_t>(options_.maxConnections);
  transport.tlsCertFile = options_.tlsCertFile;
  transport.tlsKeyFile = options_.tlsKeyFile;
  p.transport = api::makeTransport(options_.transport, *p.http, transport, p.log);
  p.transport->start();
  p.log->info("listening on {} ({} transport)", options_.listenUrl, options_.transport);
  // The line an operator (or a test harness) waits for: on disk at once.
  p.log->flush();
}

void App::reloadCertificates() {
  auto& p = *parts_;
  if (!p.transport || options_.tlsCertFile.empty()) return;
  try {
    p.transport->reloadCertificates();
    p.log->info("TLS certificate reloaded from {}", options_.tlsCertFile);
  } catch (const std::exception& e) {
    p.log->error("TLS certificate not reloaded, the old one stays in use: {}", e.what());
  }
}

bool App::stop() {
  auto& p = *parts_;
  if (!p.log) return true;
  p.log->info("stopping: no new requests; waiting up to {} ms for running steps to reach a checkpoint",
              options_.shutdownGraceMs);
  if (p.transport) p.transport->stop();
  bool clean = !p.scheduler || p.scheduler->stop(std::chrono::milliseconds(options_.shutdownGraceMs));
  if (!clean) {
    p.log->error("running steps did not stop in time; their jobs resume on the next start");
    p.log->flush();
    return false;
  }
  p.transport.reset();
  if (p.webhookDispatcher) p.webhookDispatcher->stop();
  p.webhookDispatcher.reset();
  p.webhookClient.reset();
  p.http.reset();
  p.jobs.reset();
  p.scheduler.reset();
  p.runner.reset();
  p.backend.reset();
  p.catalog.reset();
  p.audit.reset();
  p.webhooks.reset();
  p.cachedTokens.reset();
  p.tokens.reset();
  p.idempotency.reset();
  p.reports.reset();
  p.waiters.reset();
  p.notifyingStore.reset();
  p.store.reset();
  p.secrets.reset();
  storage::recordCleanClose(databasePathIn(options_.dataDir));
  p.log->info("stopped");
  p.log->flush();
  p.log.reset();
  return true;
}

}  // namespace cf::service
