#include "service/win/event_log_win.h"

#include <spdlog/details/log_msg.h>
#include <spdlog/sinks/win_eventlog_sink.h>

namespace cf::service::win {

spdlog::sink_ptr makeEventLogSink(spdlog::level::level_enum level) {
  auto sink = std::make_shared<spdlog::sinks::win_eventlog_sink_mt>(kEventSource);
  sink->set_level(level);
  return sink;
}

void reportErrorToEventLog(const std::string& message) {
  spdlog::sinks::win_eventlog_sink_st sink(kEventSource);
  sink.log(spdlog::details::log_msg("clusterforge", spdlog::level::err, message));
}

}  // namespace cf::service::win
