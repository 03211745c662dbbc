#include "storage/postgres/pg_job_listener.h"

#include <chrono>

#include "storage/postgres/pg_connection.h"
#include "storage/postgres/pg_schema.h"
#include "storage/postgres/socket_wait.h"

namespace cf::storage {

namespace {
constexpr int kPollMs = 200;  // how soon stop() is noticed
}  // namespace

PgJobListener::PgJobListener(std::string url, std::function<void(const std::string&)> changed,
                             std::shared_ptr<spdlog::logger> log)
    : url_(std::move(url)), changed_(std::move(changed)), log_(std::move(log)), thread_([this] { run(); }) {}

PgJobListener::~PgJobListener() {
  stopping_ = true;
  thread_.join();
}

void PgJobListener::run() {
  bool wasLost = false;
  while (!stopping_) {
    try {
      PgConnection connection(url_);
      connection.exec(std::string("LISTEN ") + kJobChangesChannel);
      if (wasLost) {
        log_->info("job change notifications from other instances are heard again");
        changed_("");
        wasLost = false;
      }
      while (!stopping_) {
        if (!inputWithin(connection.socket(), kPollMs)) continue;
        for (const auto& jobId : connection.takeNotifications()) changed_(jobId);
      }
    } catch (const std::exception& e) {
      if (!wasLost) {
        log_->warn("job change notifications from other instances are not heard ({}); trying again every second",
                   e.what());
      }
      wasLost = true;
      for (int i = 0; i < 1000 / kPollMs && !stopping_; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(kPollMs));
      }
    }
  }
}

}  // namespace cf::storage
