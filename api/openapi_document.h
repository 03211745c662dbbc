// The OpenAPI contract (openapi/openapi.yaml), embedded at build time so that
// the served /openapi.yaml is always the one this binary was built with.
#pragma once

#include <string>

std::string clusterforgeOpenapiYaml();
