// `clusterforge token create|list|revoke --data-dir DIR ...`: tokens made and
// revoked on the service's database directly, so the first admin token can
// exist before anyone can call the API, and while the service runs.
#pragma once

#include <iosfwd>

#include "service/options.h"

namespace cf::service {

// Exit codes: 0 done, 1 nothing to do (no such token), 2 bad input.
int runTokenCommand(const TokenCommand& command, std::ostream& out, std::ostream& err);

}  // namespace cf::service
