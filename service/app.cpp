#include "service/app.h"

#include <filesystem>

#include "api/caching_token_store.h"
#include "orchestration/common/clock.h"
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
#include "orchestration/jobs/leased_scheduler.h"
#include "storage/postgres/pg_job_listener.h"
#include "storage/store_set.h"

namespace cf::service {

struct App::Parts {
  std::shared_ptr<spdlog::logger> log;
  std::shared_ptr<Metrics> metrics;
  std::unique_ptr<SecretBox> secrets;
  std::unique_ptr<storage::StoreSet> stores;
  std::unique_ptr<NotifyingJobStore> notifyingStore;     // the store the engine and the API use
  std::unique_ptr<api::CachingTokenStore> cachedTokens;  // the one the API asks
  // Changes other instances make to jobs (PostgreSQL only).
  std::unique_ptr<storage::PgJobListener> jobListener;
  std::unique_ptr<api::HttpClient> webhookClient;
  std::unique_ptr<api::WebhookDispatcher> webhookDispatcher;
  std::unique_ptr<ClusterBackend> backend;
  std::unique_ptr<WorkflowCatalog> catalog;
  std::unique_ptr<JobRunner> runner;
  std::unique_ptr<JobScheduler> scheduler;
  LeasedScheduler* leasedScheduler = nullptr;  // the scheduler, when instances share the database
  std::unique_ptr<JobService> jobs;
  std::shared_ptr<api::LongPollWaiters> waiters;
  std::shared_ptr<api::JobViewCache> jobViews;
  std::unique_ptr<api::HttpApi> http;
  std::unique_ptr<api::Transport> transport;
};

App::App(Options options) : options_(std::move(options)), parts_(std::make_unique<Parts>()) {}

App::~App() { stop(); }

namespace {

// Unique per start: a restarted instance must not mistake the leases its
// previous run left for its own.
// The last 8 hex digits of a new job id are random (its first are the time).
std::string newInstanceId() { return platform::hostName() + "-" + newJobId().substr(28); }

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
  auto database = databaseLocationOf(options_.dataDir, options_.database);
  prepareDataDirectory(options_.dataDir, database, options_.allowEmptyDatabase);

  auto& p = *parts_;
  p.log = makeLogger(options_.dataDir, options_.logLevel);
  p.log->info("ClusterForge {} starting: data directory {}, database {}, backend {}, {} workers", clusterforgeVersion(),
              std::filesystem::absolute(options_.dataDir).string(), storage::describe(database), options_.backend,
              options_.workers);

  p.secrets = platform::makeSecretBox(options_.secretKeyFile.empty() ? options_.dataDir + "/secret.key"
                                                                     : options_.secretKeyFile);

  InstanceInfo self{newInstanceId(), options_.listenUrl, clusterforgeVersion(), nowRfc3339(), "", {}};
  storage::StoreSettings settings;
  settings.instanceId = self.id;
  settings.lease = std::chrono::seconds(options_.leaseSeconds);
  settings.connections = static_cast<size_t>(options_.databaseConnections);
  p.stores = storage::StoreSet::open(database, settings);
  auto& stores = *p.stores;
  p.cachedTokens = std::make_unique<api::CachingTokenStore>(*stores.tokens, std::chrono::seconds(1));
  p.catalog = std::make_unique<WorkflowCatalog>(standardCatalog(*p.secrets, *stores.reports));
  p.log->info("database {} open", stores.openedNote);

  if (options_.backend == "clusapi") {
    p.backend = platform::makeClusapiBackend();
  } else {
    std::string statePath =
        options_.labStateFile.empty() ? options_.dataDir + "/simulated-lab.json" : options_.labStateFile;
    // A state file named with --lab-state may be shared with other instances.
    p.backend = std::make_unique<sim::SimulatedBackend>(loadLab(options_, statePath, *p.log), statePath,
                                                        std::chrono::milliseconds(options_.simDelayMs),
                                                        !options_.labStateFile.empty());
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
  p.notifyingStore = std::make_unique<NotifyingJobStore>(*stores.jobs);
  // Listeners run in this order: a woken long-poll must not read the job
  // back from the cache as it was before the change.
  p.notifyingStore->addListener([views = p.jobViews](const std::string& jobId) { views->jobChanged(jobId); });
  p.notifyingStore->addListener([waiters = p.waiters](const std::string& jobId) { waiters->jobChanged(jobId); });
  p.notifyingStore->addListener([&p](const std::string&) {
    if (p.webhookDispatcher) p.webhookDispatcher->wake();
  });
  p.runner = std::make_unique<JobRunner>(*p.notifyingStore, *p.backend, *p.catalog, RetryPolicy{}, p.log, p.metrics);
  if (stores.leases) {
    auto leased = std::make_unique<LeasedScheduler>(
        *p.notifyingStore, *stores.leases, *p.runner, static_cast<size_t>(options_.workers),
        LeaseTiming{std::chrono::seconds(options_.leaseSeconds), std::chrono::milliseconds(1000)}, self, p.log,
        p.metrics);
    p.leasedScheduler = leased.get();
    p.scheduler = std::move(leased);
    // What other instances change reaches this one's listeners too, and may
    // free a cluster or carry a cancel for a job running here.
    p.jobListener = std::make_unique<storage::PgJobListener>(
        database.target,
        [store = p.notifyingStore.get(), scheduler = p.leasedScheduler](const std::string& jobId) {
          store->changedElsewhere(jobId);
          scheduler->jobChanged(jobId);
        },
        p.log);
  } else {
    p.scheduler = std::make_unique<Scheduler>(*p.notifyingStore, *p.runner, static_cast<size_t>(options_.workers),
                                              p.log, p.metrics);
  }
  p.jobs = std::make_unique<JobService>(*p.notifyingStore, *p.scheduler, *p.backend, *p.catalog, *p.secrets, p.log);
  api::WebhookPolicy webhookPolicy;
  webhookPolicy.timeout = std::chrono::milliseconds(options_.webhookTimeoutMs);
  webhookPolicy.firstRetry = std::chrono::milliseconds(options_.webhookRetryBaseMs);
  webhookPolicy.giveUpAfter = std::chrono::hours(options_.webhookGiveUpHours);
  webhookPolicy.keepFor = std::chrono::hours(24 * options_.webhookKeepDays);
  p.webhookClient = api::makeHttpClient();
  p.webhookDispatcher = std::make_unique<api::WebhookDispatcher>(*stores.webhooks, *p.notifyingStore, *p.secrets,
                                                                 *p.webhookClient, webhookPolicy, p.metrics, p.log,
                                                                 "ClusterForge/" + clusterforgeVersion());
  p.http = std::make_unique<api::HttpApi>(api::ApiDependencies{
      *p.jobs,
      *p.cachedTokens,
      *stores.audit,
      *p.backend,
      *p.scheduler,
      *stores.reports,
      *stores.idempotency,
      *stores.webhooks,
      *p.secrets,
      stores.health,
      clusterforgeVersion(),
      clusterforgeOpenapiYaml(),
      p.log,
      options_.maxJsonDepth,
      options_.publicMetrics,
      static_cast<size_t>(options_.authFailuresPerMinute),
      options_.corsOrigins,
      makeAuditLogger(p.log),
      options_.publicUrl,
      options_.listenUrl.rfind("https://", 0) == 0 ? "https" : "http",
      p.metrics,
      p.waiters,
      static_cast<size_t>(options_.maxWebhookSubscriptions),
      p.jobViews,
      self.id,
      [&p, self, leaseMs = std::chrono::milliseconds(std::chrono::seconds(options_.leaseSeconds))] {
        if (p.stores->leases) return p.stores->leases->instances(3 * leaseMs);
        InstanceInfo alone = self;
        alone.heartbeatAt = nowRfc3339();
        for (const auto& job : p.notifyingStore->running()) alone.jobs.push_back(job.id);
        return std::vector<InstanceInfo>{alone};
      }});

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
  // First: its thread calls into the scheduler, the caches and the dispatcher.
  p.jobListener.reset();
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
  p.leasedScheduler = nullptr;
  p.cachedTokens.reset();
  p.waiters.reset();
  p.notifyingStore.reset();
  auto closedCleanly = p.stores->closedCleanly;
  p.stores.reset();
  p.secrets.reset();
  closedCleanly();
  p.log->info("stopped");
  p.log->flush();
  p.log.reset();
  return true;
}

}  // namespace cf::service
