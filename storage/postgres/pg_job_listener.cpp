#include "storage/postgres/pg_job_listener.h"

#ifdef _WIN32
#include <winsock2.h>
#else
#include <poll.h>
#endif

#include <cerrno>
#include <chrono>

#include "storage/postgres/pg_connection.h"
#include "storage/postgres/pg_schema.h"

namespace cf::storage {

namespace {

constexpr int kPollMs = 200;  // how soon stop() is noticed

// Waits up to kPollMs for the socket to have input; false on a timeout.
bool inputWithin(int socket) {
#ifdef _WIN32
  WSAPOLLFD fd{static_cast<SOCKET>(socket), POLLRDNORM, 0};
  int ready = WSAPoll(&fd, 1, kPollMs);
#else
  pollfd fd{socket, POLLIN, 0};
  int ready = ::poll(&fd, 1, kPollMs);
  if (ready < 0 && errno == EINTR) return false;
#endif
  if (ready < 0) throw StorageFailure("waiting on the notification connection failed");
  return ready > 0;
}

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
        if (!inputWithin(connection.socket())) continue;
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
