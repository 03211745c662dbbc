// The data directory every command that touches the service's state uses:
// made if missing, private to the service's account (0700), and its database
// checked to be where the rest of its state says it should be (database.h).
#pragma once

#include <string>

namespace cf::service {

std::string databasePathIn(const std::string& dataDir);

// Throws std::runtime_error with a message for the operator.
void prepareDataDirectory(const std::string& dataDir, bool allowEmptyDatabase);

}  // namespace cf::service
