// The data directory every command that touches the service's state uses:
// made if missing, private to the service's account (0700), and its database
// checked to be where the rest of its state says it should be (database.h).
#pragma once

#include <string>

#include "storage/database_location.h"

namespace cf::service {

std::string databasePathIn(const std::string& dataDir);
// --database as given, or SQLite in the data directory when it is empty.
storage::DatabaseLocation databaseLocationOf(const std::string& dataDir, const std::string& databaseFlag);

// Throws std::runtime_error with a message for the operator. A SQLite
// database is checked to be there; a PostgreSQL one is the server's concern.
void prepareDataDirectory(const std::string& dataDir, const storage::DatabaseLocation& database,
                          bool allowEmptyDatabase);

}  // namespace cf::service
