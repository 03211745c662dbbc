#include "service/version.h"

namespace cf::service {
std::string clusterforgeVersion() { return CLUSTERFORGE_VERSION; }
}  // namespace cf::service
