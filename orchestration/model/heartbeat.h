// The cluster's heartbeat settings: the four cluster common properties that
// say how often nodes heartbeat each other (delay, in milliseconds) and how
// many missed heartbeats declare a node down (threshold), on one subnet and
// across subnets. The ranges are Windows' own and depend on the OS: 2012 R2
// raised the thresholds' maximum from 10 to 120, and 2016 raised the defaults.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cf {

// Heartbeat settings by their API names ("sameSubnetDelay"); in a request
// only the ones to set, in an observed cluster all four.
using HeartbeatSettings = std::map<std::string, uint32_t>;

struct HeartbeatProperty {
  std::string name;         // the API's: "sameSubnetDelay"
  std::string windowsName;  // the cluster common property: "SameSubnetDelay"
  std::string unit;         // "milliseconds" or "missed heartbeats"
};

// The four, in the order Windows lists them.
const std::vector<HeartbeatProperty>& heartbeatProperties();
const HeartbeatProperty* findHeartbeatProperty(const std::string& name);

struct HeartbeatRange {
  uint32_t min = 0;
  uint32_t max = 0;
};

// The range Windows accepts for the property on nodes running `osVersion`
// ("6.0.6001"); the widest range of any version when `osVersion` is empty.
HeartbeatRange heartbeatRange(const HeartbeatProperty& property, const std::string& osVersion);

// Why `value` is refused on `osVersion` (see heartbeatRange), or nullopt.
std::optional<std::string> heartbeatProblem(const HeartbeatProperty& property, uint32_t value,
                                            const std::string& osVersion);

// What a new cluster of nodes running `osVersion` starts with.
HeartbeatSettings defaultHeartbeat(const std::string& osVersion);

}  // namespace cf
