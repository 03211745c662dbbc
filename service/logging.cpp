#include "service/logging.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "service/platform.h"

namespace cf::service {

std::shared_ptr<spdlog::logger> makeLogger(const std::string& dataDir, const std::string& level) {
  constexpr size_t kFileBytes = 10 * 1024 * 1024;
  constexpr size_t kFiles = 5;
  auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  auto file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(dataDir + "/clusterforge.log", kFileBytes, kFiles);
  std::vector<spdlog::sink_ptr> sinks = {console, file};
  for (auto& sink : platform::extraLogSinks()) sinks.push_back(sink);
  auto logger = std::make_shared<spdlog::logger>("clusterforge", sinks.begin(), sinks.end());
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%-5l%$ [%t] %v", spdlog::pattern_time_type::utc);
  logger->set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::warn);
  spdlog::flush_every(std::chrono::seconds(2));
  return logger;
}

std::shared_ptr<spdlog::logger> makeAuditLogger(const std::shared_ptr<spdlog::logger>& serviceLog) {
  std::vector<spdlog::sink_ptr> sinks = serviceLog->sinks();
  for (auto& sink : platform::auditLogSinks()) sinks.push_back(sink);
  auto logger = std::make_shared<spdlog::logger>("audit", sinks.begin(), sinks.end());
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%-5l%$ [%t] %v", spdlog::pattern_time_type::utc);
  logger->set_level(spdlog::level::info);
  return logger;
}

}  // namespace cf::service
