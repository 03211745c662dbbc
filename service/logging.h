// The service's logger: to the console, to a rotating file in the data
// directory and to the platform's own sinks (warnings and errors to the
// Windows Event Log), UTC timestamps, one line per event. Job lines carry
// job=<id>.
#pragma once

#include <memory>
#include <string>

#include <spdlog/logger.h>

namespace cf::service {

std::shared_ptr<spdlog::logger> makeLogger(const std::string& dataDir, const std::string& level);
// The audit trail's logger: the service log's sinks and the platform's audit
// sinks (platform.h), at info whatever the log level.
std::shared_ptr<spdlog::logger> makeAuditLogger(const std::shared_ptr<spdlog::logger>& serviceLog);

}  // namespace cf::service
