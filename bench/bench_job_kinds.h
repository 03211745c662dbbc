// The job kinds the benchmarks fill the store with, taken from the specs so a
// renamed kind cannot leave a benchmark measuring rows no filter finds
// (a unit test checks them against the catalog).
#pragma once

#include "orchestration/specs/cluster_apply_spec.h"
#include "orchestration/specs/quorum_spec.h"

namespace cf::bench {

inline constexpr const char* kCommonJobKind = kClusterCreateKind;
inline constexpr const char* kRarerJobKind = kConfigureQuorumKind;

}  // namespace cf::bench
