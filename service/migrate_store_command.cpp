#include "service/migrate_store_command.h"

#include "storage/database_location.h"
#include "storage/migrate_store.h"

namespace cf::service {

int runMigrateStoreCommand(const MigrateStoreCommand& command, std::ostream& out, std::ostream& err) {
  auto from = storage::parseDatabaseLocation(command.from);
  auto to = storage::parseDatabaseLocation(command.to);
  if (from.kind != storage::DatabaseLocation::Kind::Sqlite || to.kind != storage::DatabaseLocation::Kind::Postgres) {
    err << "clusterforge: migrate-store copies from sqlite:PATH to postgresql://...\n";
    return 2;
  }
  try {
    out << "copying " << storage::describe(from) << " into " << storage::describe(to) << "\n";
    storage::copySqliteToPostgres(from.target, to.target, [&](const std::string& table, size_t rows) {
      out << "  " << table << ": " << rows << " row(s)\n";
    });
    out << "done; start the instances with --database " << storage::describe(to)
        << " and the same --secret-key-file as the old service's secret.key\n";
    return 0;
  } catch (const std::exception& e) {
    err << "clusterforge: migrate-store failed, nothing was written: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace cf::service
