#include "storage/migrate_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <vector>

#include "storage/database.h"
#include "storage/postgres/pg_connection.h"
#include "storage/postgres/pg_schema.h"
#include "storage/sqlite_errors.h"

namespace cf::storage {

namespace {

struct Table {
  const char* name;
  const char* columns;
  const char* serial;  // the column PostgreSQL numbers, or nullptr
};

// Parents before children (foreign keys). storage_probe is /readyz's
// scratch row and is not copied.
const std::vector<Table>& tables() {
  static const std::vector<Table> list = {
      {"jobs",
       "seq, id, kind, cluster, status, cancel_requested, spec, steps, percent, result, error, attempt, created_at, "
       "started_at, finished_at, workflow_version, request_key",
       "seq"},
      {"job_events", "job_id, sequence, time, level, step, message", nullptr},
      {"validation_reports", "seq, id, cluster, verdict, created_at, report", "seq"},
      {"validation_report_nodes", "node, report_seq", nullptr},
      {"idempotency_keys", "key, scope, fingerprint, finished, status, content_type, headers, body, created_at",
       nullptr},
      {"tokens", "name, hash, role, created_at, expires_at, last_used_at, revoked_at", nullptr},
      {"audit", "seq, time, token_name, role, client, method, path, status, request_id, job_id", "seq"},
      {"webhook_subscriptions", "id, url, events, sealed_secret, created_at", nullptr},
      {"job_transitions", "seq, job_id, status", "seq"},
      {"webhook_deliveries",
       "seq, id, subscription_id, event, job_id, body, state, attempts, created_at, first_attempt_due_ms, "
       "next_attempt_ms, last_attempt_at, last_status, last_error",
       "seq"},
  };
  return list;
}

size_t columnCount(const char* columns) {
  size_t n = 1;
  for (const char* c = columns; *c; ++c) n += *c == ',';
  return n;
}

}  // namespace

void copySqliteToPostgres(const std::string& sqlitePath, const std::string& postgresUrl,
                          const std::function<void(const std::string&, size_t)>& progress) {
  if (!std::filesystem::exists(sqlitePath)) throw std::runtime_error("there is no SQLite database at " + sqlitePath);
  auto source = openDatabase(sqlitePath);  // checked and brought to this build's schema
  PgConnection target(postgresUrl);
  migratePostgres(target);
  guarded([&] {
    SQLite::Transaction snapshot(*source);  // one consistent read of every table
    target.exec("BEGIN");
    try {
      // The jobs trigger would NOTIFY running instances of every copied job.
      target.exec("ALTER TABLE jobs DISABLE TRIGGER jobs_changed");
      auto held = target.exec("SELECT (SELECT COUNT(*) FROM jobs) + (SELECT COUNT(*) FROM tokens)");
      if (held.integer(0, 0) != 0) {
        throw StorageFailure(
            "the PostgreSQL database already holds jobs or tokens; migrate-store only fills an "
            "empty one (drop and create it, then run migrate-store again)");
      }
      for (const auto& table : tables()) {
        size_t width = columnCount(table.columns);
        std::string placeholders;
        for (size_t i = 1; i <= width; ++i) placeholders += (i > 1 ? ", $" : "$") + std::to_string(i);
        std::string insert =
            std::string("INSERT INTO ") + table.name + "(" + table.columns + ") VALUES (" + placeholders + ")";
        SQLite::Statement rows(*source, std::string("SELECT ") + table.columns + " FROM " + table.name);
        size_t copied = 0;
        while (rows.executeStep()) {
          PgParams values;
          for (int i = 0; i < static_cast<int>(width); ++i) {
            auto column = rows.getColumn(i);
            values.push_back(column.isNull() ? PgParam() : PgParam(column.getString()));
          }
          target.exec(insert, values);
          ++copied;
        }
        if (table.serial) {
          target.exec(std::string("SELECT setval(pg_get_serial_sequence('") + table.name + "', '" + table.serial +
                      "'), GREATEST((SELECT COALESCE(MAX(" + table.serial + "), 0) FROM " + table.name + "), 1))");
        }
        progress(table.name, copied);
      }
      target.exec("ALTER TABLE jobs ENABLE TRIGGER jobs_changed");
      target.exec("COMMIT");
    } catch (...) {
      if (!target.broken()) target.exec("ROLLBACK");
      throw;
    }
  });
}

}  // namespace cf::storage
