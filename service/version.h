// The version this binary reports (from the CMake project version).
#pragma once

#include <string>

namespace cf::service {
std::string clusterforgeVersion();
}
