// What a store port throws when the database cannot read or record (a full
// disk, an I/O error, a file deleted or replaced under the service, another
// process holding it). Callers answer 503 or wait for storage to return;
// they never treat it as a property of the request or of the cluster.
#pragma once

#include <stdexcept>
#include <string>

namespace cf {

// Whether the database can be read and written now, and if not, why (for
// /readyz; never a server path).
struct StorageHealth {
  bool ready = false;
  std::string detail;
};

class StorageFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace cf
