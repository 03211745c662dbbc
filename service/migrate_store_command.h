// `clusterforge migrate-store --from sqlite:PATH --to postgresql://...`: the
// one-time move to PostgreSQL (storage/migrate_store.h), with a line per
// table. Exit 0 when the copy committed, 1 when it did not (nothing was
// written then).
#pragma once

#include <ostream>

#include "service/options.h"

namespace cf::service {

int runMigrateStoreCommand(const MigrateStoreCommand& command, std::ostream& out, std::ostream& err);

}  // namespace cf::service
