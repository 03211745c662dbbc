// The Windows Application event log under the ClusterForge source (which
// `clusterforge install` registers): a spdlog sink that copies warnings and
// errors there, so they reach the tools that watch the Event Log, and a
// one-off Error entry for a start that failed before any logger existed.
#pragma once

#include <string>

#include <spdlog/sinks/sink.h>

namespace cf::service::win {

constexpr const char* kEventSource = "ClusterForge";

// spdlog's win_eventlog sink at level warn.
spdlog::sink_ptr makeEventLogSink();
void reportErrorToEventLog(const std::string& message);

}  // namespace cf::service::win
