// The PostgreSQL schema: the same tables as SQLite's (database.h), plus what
// several instances on one database need: a lease on each job (owner and
// expiry, on the database's clock so instances' clocks never disagree), the
// table of live instances, and a trigger that NOTIFYs every job change so
// long-polls and caches on other instances hear of it.
//
// Versioned like SQLite's: the version is the single row of
// clusterforge_schema; migrations run forward only, under an advisory lock so
// that instances starting together apply each once; a database newer than
// this build is refused.
#pragma once

#include <string>

namespace cf::storage {

class PgConnection;

// The channel the jobs trigger notifies, its payload the job's id.
constexpr const char* kJobChangesChannel = "clusterforge_jobs";

int currentPostgresSchemaVersion();

// Brings the schema up to date; returns the version reached. Throws
// StorageFailure for a database from a newer build.
int migratePostgres(PgConnection& connection);

}  // namespace cf::storage
