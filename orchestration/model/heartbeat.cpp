#include "orchestration/model/heartbeat.h"

#include "orchestration/model/features.h"

namespace cf {

namespace {

bool isThreshold(const HeartbeatProperty& p) { return p.unit != "milliseconds"; }

}  // namespace

const std::vector<HeartbeatProperty>& heartbeatProperties() {
  static const std::vector<HeartbeatProperty> properties = {
      {"sameSubnetDelay", "SameSubnetDelay", "milliseconds"},
      {"sameSubnetThreshold", "SameSubnetThreshold", "missed heartbeats"},
      {"crossSubnetDelay", "CrossSubnetDelay", "milliseconds"},
      {"crossSubnetThreshold", "CrossSubnetThreshold", "missed heartbeats"},
  };
  return properties;
}

const HeartbeatProperty* findHeartbeatProperty(const std::string& name) {
  for (const auto& p : heartbeatProperties()) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

HeartbeatRange heartbeatRange(const HeartbeatProperty& property, const std::string& osVersion) {
  if (isThreshold(property)) {
    bool raised = osVersion.empty() || osVersionAtLeast(osVersion, 6, 3);
    return {3, raised ? 120u : 10u};
  }
  return {250, property.name == "crossSubnetDelay" ? 4000u : 2000u};
}

std::optional<std::string> heartbeatProblem(const HeartbeatProperty& property, uint32_t value,
                                            const std::string& osVersion) {
  HeartbeatRange range = heartbeatRange(property, osVersion);
  if (value >= range.min && value <= range.max) return std::nullopt;
  std::string where = osVersion.empty() ? "any Windows version"
                      : osVersionAtLeast(osVersion, 6, 3)
                          ? "Windows Server 2012 R2 and later"
                          : "Windows Server 2008 to 2012 (OS version " + osVersion + ")";
  return property.windowsName + " must be from " + std::to_string(range.min) + " to " + std::to_string(range.max) +
         " " + property.unit + " on " + where;
}

HeartbeatSettings defaultHeartbeat(const std::string& osVersion) {
  bool modern = osVersionAtLeast(osVersion, 10, 0);
  return {{"sameSubnetDelay", 1000},
          {"sameSubnetThreshold", modern ? 10u : 5u},
          {"crossSubnetDelay", 1000},
          {"crossSubnetThreshold", modern ? 20u : 5u}};
}

}  // namespace cf
