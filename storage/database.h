// Opens the service's SQLite database and brings its schema up to date.
//
// Settings: WAL journal (readers do not block the writer), synchronous=FULL
// (a committed job survives power loss, which is what "accepted" promises),
// a busy timeout, and foreign keys on. The schema version is PRAGMA
// user_version; migrations run forward only, each in its own transaction.
#pragma once

#include <memory>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace SQLite {
class Database;
}

namespace cf::storage {

// The schema version this build writes.
int currentSchemaVersion();

// How long a statement waits for another connection's lock.
constexpr int kBusyTimeoutMs = 5000;

// The file's device and inode, {0, 0} when there is none: what tells a
// database file deleted and recreated from the one a connection has open.
std::pair<uint64_t, uint64_t> fileIdentityOf(const std::string& path);

// Opens (creating if needed), checks (PRAGMA quick_check, once per file per
// process: every store opens its own connection) and migrates.
// Throws std::runtime_error with the path and SQLite's reason, for a damaged
// file, or when the file is from a newer build.
std::unique_ptr<SQLite::Database> openDatabase(const std::string& path);

// Applies the migrations after the file's version; returns the version reached.
int migrate(SQLite::Database& db);

// quick_check reads the whole file: at 100,000 jobs it took longer than the
// rest of a start. A file the service closed itself, and that nobody changed
// since (same file, size and modification time, no WAL left), is not checked
// again: stop records the close beside the file (PATH.clean), and start
// accepts the record once, before the first open, removing it either way.
void recordCleanClose(const std::string& path);
// Returns whether the record matched, in which case openDatabase skips quick_check.
bool acceptCleanClose(const std::string& path);

// Before opening: a database file that is missing or empty while any of
// `stateFiles` (what the service leaves beside it) exists is refused with a
// message for the operator, unless `allowEmpty`. A lost database is never
// silently replaced by an empty one.
void checkDatabaseIsThere(const std::string& path, const std::vector<std::string>& stateFiles, bool allowEmpty);

}  // namespace cf::storage
