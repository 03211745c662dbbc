// The runbook's reference lab (deploy/sim/exchange-ccr-lab.json), embedded at
// build time so `clusterforge run` works without a lab file on disk.
#pragma once

#include <string>

std::string referenceLabJson();
