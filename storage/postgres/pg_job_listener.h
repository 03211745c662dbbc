// Hears the job changes every instance commits (the jobs trigger's NOTIFY)
// on a connection of its own, and passes each job id to `changed`: what lets
// a long-poll, the job view cache and the webhook dispatcher on this
// instance react to a change made on another. A lost connection is opened
// again after a second; whatever changed meanwhile is reported as the
// empty id, which means "anything may have changed".
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include <spdlog/logger.h>

namespace cf::storage {

class PgJobListener {
 public:
  PgJobListener(std::string url, std::function<void(const std::string& jobId)> changed,
                std::shared_ptr<spdlog::logger> log);
  ~PgJobListener();
  PgJobListener(const PgJobListener&) = delete;
  PgJobListener& operator=(const PgJobListener&) = delete;

 private:
  void run();

  std::string url_;
  std::function<void(const std::string&)> changed_;
  std::shared_ptr<spdlog::logger> log_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace cf::storage
