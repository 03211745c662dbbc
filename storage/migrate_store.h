// The one-time move of a SQLite database into PostgreSQL
// (`clusterforge migrate-store`): every table, row for row, in one
// PostgreSQL transaction read from one SQLite snapshot, so the copy is
// whole or absent. Sequence numbers are kept (job order, page tokens and
// event numbers stay valid) and PostgreSQL's counters continue after them.
// A target that already holds jobs or tokens is refused: this is a move,
// not a merge. Stop the service that uses the SQLite file first.
#pragma once

#include <functional>
#include <string>

namespace cf::storage {

// Calls `progress` with each table's name and how many rows it copied.
// Throws StorageFailure or std::runtime_error with the reason.
void copySqliteToPostgres(const std::string& sqlitePath, const std::string& postgresUrl,
                          const std::function<void(const std::string& table, size_t rows)>& progress);

}  // namespace cf::storage
