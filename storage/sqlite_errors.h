// SQLite's exceptions turned into the port's StorageFailure, so that nothing
// above storage/ needs to know SQLite to tell "the database failed" from a
// bug. Every public store method runs its body through `guarded`.
#pragma once

#include <SQLiteCpp/Exception.h>

#include "orchestration/common/storage_failure.h"

namespace cf::storage {

template <typename Body>
auto guarded(Body body) -> decltype(body()) {
  try {
    return body();
  } catch (const SQLite::Exception& e) {
    // what() is SQLite's own account ("no such table: jobs"), getErrorStr() the
    // code's name ("SQL logic error"); often they are the same words.
    std::string detail = e.what() == std::string(e.getErrorStr()) ? "" : std::string(" (") + e.what() + ")";
    throw StorageFailure(std::string("the database failed: ") + e.getErrorStr() + detail);
  }
}

}  // namespace cf::storage
