#include "storage/postgres/pg_schema.h"

#include <vector>

#include "storage/postgres/pg_connection.h"

namespace cf::storage {

namespace {

// pg_advisory_lock's key for migrations: any constant the service owns.
constexpr const char* kMigrationLock = "7243911503";

const std::vector<const char*>& migrations() {
  static const std::vector<const char*> list = {
      // 1: everything SQLite's nine migrations built, plus leases and instances.
      R"sql(
        CREATE TABLE jobs (
          seq              BIGSERIAL PRIMARY KEY,
          id               TEXT NOT NULL UNIQUE,
          kind             TEXT NOT NULL,
          cluster          TEXT NOT NULL DEFAULT '',
          status           TEXT NOT NULL,
          cancel_requested BOOLEAN NOT NULL DEFAULT FALSE,
          spec             TEXT NOT NULL,
          steps            TEXT NOT NULL,
          percent          INTEGER NOT NULL DEFAULT 0,
          result           TEXT NOT NULL DEFAULT '{}',
          error            TEXT,
          attempt          INTEGER NOT NULL DEFAULT 0,
          created_at       TEXT NOT NULL,
          started_at       TEXT,
          finished_at      TEXT,
          workflow_version INTEGER NOT NULL DEFAULT 1,
          request_key      TEXT,
          lease_owner      TEXT,
          lease_expires    TIMESTAMPTZ
        );
        CREATE INDEX jobs_by_status         ON jobs(status, seq);
        CREATE INDEX jobs_by_kind           ON jobs(kind, seq);
        CREATE INDEX jobs_by_cluster        ON jobs(cluster, seq);
        CREATE INDEX jobs_by_cluster_status ON jobs(cluster, status, seq);
        CREATE INDEX jobs_by_cluster_kind   ON jobs(cluster, kind, seq);
        CREATE INDEX jobs_by_kind_status    ON jobs(kind, status, seq);
        CREATE INDEX jobs_by_request_key    ON jobs(request_key) WHERE request_key IS NOT NULL;
        -- What a claim scans: the unfinished jobs, oldest first.
        CREATE INDEX jobs_unfinished        ON jobs(seq) WHERE status IN ('queued', 'running');
        CREATE TABLE job_events (
          job_id   TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
          sequence BIGINT NOT NULL,
          time     TEXT NOT NULL,
          level    TEXT NOT NULL,
          step     TEXT NOT NULL DEFAULT '',
          message  TEXT NOT NULL,
          PRIMARY KEY (job_id, sequence)
        );
        CREATE FUNCTION clusterforge_job_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_notify('clusterforge_jobs', NEW.id);
          RETURN NEW;
        END $$;
        CREATE TRIGGER jobs_changed AFTER INSERT OR UPDATE ON jobs
          FOR EACH ROW EXECUTE FUNCTION clusterforge_job_changed();

        CREATE TABLE validation_reports (
          seq        BIGSERIAL PRIMARY KEY,
          id         TEXT NOT NULL UNIQUE,
          cluster    TEXT NOT NULL DEFAULT '',
          verdict    TEXT NOT NULL,
          created_at TEXT NOT NULL,
          report     TEXT NOT NULL
        );
        CREATE INDEX validation_reports_by_cluster ON validation_reports(cluster, seq);
        CREATE TABLE validation_report_nodes (
          node       TEXT NOT NULL,
          report_seq BIGINT NOT NULL REFERENCES validation_reports(seq) ON DELETE CASCADE,
          PRIMARY KEY (node, report_seq)
        );

        CREATE TABLE idempotency_keys (
          key          TEXT NOT NULL,
          scope        TEXT NOT NULL,
          fingerprint  TEXT NOT NULL,
          finished     BOOLEAN NOT NULL DEFAULT FALSE,
          status       INTEGER NOT NULL DEFAULT 0,
          content_type TEXT NOT NULL DEFAULT '',
          headers      TEXT NOT NULL DEFAULT '[]',
          body         TEXT NOT NULL DEFAULT '',
          created_at   BIGINT NOT NULL,
          owner        TEXT NOT NULL DEFAULT '',
          PRIMARY KEY (key, scope)
        );
        CREATE INDEX idempotency_keys_by_age ON idempotency_keys(created_at);

        CREATE TABLE storage_probe (id TEXT PRIMARY KEY, written_at TIMESTAMPTZ NOT NULL);

        CREATE TABLE tokens (
          name         TEXT PRIMARY KEY,
          hash         TEXT NOT NULL UNIQUE,
          role         TEXT NOT NULL,
          created_at   TEXT NOT NULL,
          expires_at   TEXT,
          last_used_at TEXT,
          revoked_at   TEXT
        );
        CREATE TABLE audit (
          seq        BIGSERIAL PRIMARY KEY,
          time       TEXT NOT NULL,
          token_name TEXT NOT NULL DEFAULT '',
          role       TEXT NOT NULL DEFAULT '',
          client     TEXT NOT NULL DEFAULT '',
          method     TEXT NOT NULL,
          path       TEXT NOT NULL,
          status     INTEGER NOT NULL,
          request_id TEXT NOT NULL DEFAULT '',
          job_id     TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX audit_by_token ON audit(token_name, seq);
        CREATE INDEX audit_by_time ON audit(time);

        CREATE TABLE webhook_subscriptions (
          id            TEXT PRIMARY KEY,
          url           TEXT NOT NULL,
          events        TEXT NOT NULL,
          sealed_secret TEXT NOT NULL,
          created_at    TEXT NOT NULL
        );
        CREATE TABLE job_transitions (
          seq    BIGSERIAL PRIMARY KEY,
          job_id TEXT NOT NULL,
          status TEXT NOT NULL
        );
        CREATE FUNCTION clusterforge_job_transition() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO job_transitions(job_id, status) VALUES (NEW.id, NEW.status);
          RETURN NEW;
        END $$;
        CREATE TRIGGER jobs_status_transition AFTER UPDATE OF status ON jobs
          FOR EACH ROW WHEN (NEW.status <> OLD.status) EXECUTE FUNCTION clusterforge_job_transition();
        CREATE TABLE webhook_deliveries (
          seq                  BIGSERIAL PRIMARY KEY,
          id                   TEXT NOT NULL UNIQUE,
          subscription_id      TEXT NOT NULL REFERENCES webhook_subscriptions(id) ON DELETE CASCADE,
          event                TEXT NOT NULL,
          job_id               TEXT NOT NULL,
          body                 TEXT NOT NULL,
          state                TEXT NOT NULL,
          attempts             INTEGER NOT NULL DEFAULT 0,
          created_at           TEXT NOT NULL,
          first_attempt_due_ms BIGINT NOT NULL,
          next_attempt_ms      BIGINT NOT NULL,
          last_attempt_at      TEXT,
          last_status          INTEGER,
          last_error           TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX webhook_deliveries_due ON webhook_deliveries(state, next_attempt_ms);
        CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries(subscription_id, seq);

        CREATE TABLE instances (
          id           TEXT PRIMARY KEY,
          address      TEXT NOT NULL,
          version      TEXT NOT NULL,
          started_at   TEXT NOT NULL,
          heartbeat_at TIMESTAMPTZ NOT NULL
        );
      )sql",
  };
  return list;
}

}  // namespace

int currentPostgresSchemaVersion() { return static_cast<int>(migrations().size()); }

int migratePostgres(PgConnection& c) {
  c.exec(std::string("SELECT pg_advisory_lock(") + kMigrationLock + ")");
  try {
    c.exec("CREATE TABLE IF NOT EXISTS clusterforge_schema (version INTEGER NOT NULL)");
    auto row = c.exec("SELECT version FROM clusterforge_schema");
    int version = row.rows() == 0 ? 0 : static_cast<int>(row.integer(0, 0));
    if (row.rows() == 0) c.exec("INSERT INTO clusterforge_schema(version) VALUES (0)");
    if (version > currentPostgresSchemaVersion()) {
      throw StorageFailure("the PostgreSQL schema is at version " + std::to_string(version) +
                           ", newer than this build understands (" + std::to_string(currentPostgresSchemaVersion()) +
                           "); run a newer ClusterForge");
    }
    for (int v = version; v < currentPostgresSchemaVersion(); ++v) {
      c.exec("BEGIN");
      try {
        c.exec(migrations()[static_cast<size_t>(v)]);
        c.exec("UPDATE clusterforge_schema SET version = $1", {std::to_string(v + 1)});
        c.exec("COMMIT");
      } catch (...) {
        if (!c.broken()) c.exec("ROLLBACK");
        throw;
      }
    }
  } catch (...) {
    if (!c.broken()) c.exec(std::string("SELECT pg_advisory_unlock(") + kMigrationLock + ")");
    throw;
  }
  c.exec(std::string("SELECT pg_advisory_unlock(") + kMigrationLock + ")");
  return currentPostgresSchemaVersion();
}

}  // namespace cf::storage
