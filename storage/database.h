// Opens the service's SQLite database and brings its schema up to date.
//
// Settings: WAL journal (readers do not block the writer), synchronous=FULL
// (a committed job survives power loss, which is what "accepted" promises),
// a busy timeout, and foreign keys on. The schema version is PRAGMA
// user_version; migrations run forward only, each in its own transaction.
#pragma once

#include <memory>
#include <string>

namespace SQLite {
class Database;
}

namespace cf::storage {

// The schema version this build writes.
int currentSchemaVersion();

// Opens (creating if needed) and migrates. Throws std::runtime_error with the
// path and SQLite's reason, or when the file is from a newer build.
std::unique_ptr<SQLite::Database> openDatabase(const std::string& path);

// Applies the migrations after the file's version; returns the version reached.
int migrate(SQLite::Database& db);

}  // namespace cf::storage
