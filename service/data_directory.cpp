#include "service/data_directory.h"

#include <filesystem>
#include <stdexcept>

#include "storage/database.h"

namespace cf::service {

std::string databasePathIn(const std::string& dataDir) { return dataDir + "/clusterforge.db"; }

storage::DatabaseLocation databaseLocationOf(const std::string& dataDir, const std::string& databaseFlag) {
  if (databaseFlag.empty()) return {storage::DatabaseLocation::Kind::Sqlite, databasePathIn(dataDir)};
  return storage::parseDatabaseLocation(databaseFlag);
}

void prepareDataDirectory(const std::string& dataDir, const storage::DatabaseLocation& database,
                          bool allowEmptyDatabase) {
  std::error_code ec;
  std::filesystem::create_directories(dataDir, ec);
  if (ec) throw std::runtime_error("cannot create data directory " + dataDir + ": " + ec.message());
  // Nobody but the service's account reads its jobs, secrets, tokens and log.
  std::filesystem::permissions(dataDir, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace, ec);
  if (ec) throw std::runtime_error("cannot restrict data directory " + dataDir + ": " + ec.message());
  if (database.kind != storage::DatabaseLocation::Kind::Sqlite) return;
  storage::checkDatabaseIsThere(
      database.target, {dataDir + "/clusterforge.log", dataDir + "/secret.key", dataDir + "/simulated-lab.json"},
      allowEmptyDatabase);
}

}  // namespace cf::service
