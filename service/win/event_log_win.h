// The Windows Application event log under the ClusterForge source (which
// `clusterforge install` registers): a spdlog sink that copies warnings and
// errors (and the audit trail) there, so they reach the tools that watch the Event Log, and a
// one-off Error entry for a start that failed before any logger existed.
#pragma once

#include <string>

#include <spdlog/sinks/sink.h>

namespace cf::service::win {

constexpr const char* kEventSource = "ClusterForge";

// spdlog's win_eventlog sink, at level warn for the service's log and at
// info for the audit trail (every audited request becomes an entry).
spdlog::sink_ptr makeEventLogSink(spdlog::level::level_enum level = spdlog::level::warn);
void reportErrorToEventLog(const std::string& message);

}  // namespace cf::service::win
