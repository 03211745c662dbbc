#include "storage/postgres/socket_wait.h"

#include <poll.h>

#include <cerrno>

#include "orchestration/common/storage_failure.h"

namespace cf::storage {

bool inputWithin(int socket, int timeoutMs) {
  pollfd fd{socket, POLLIN, 0};
  int ready = ::poll(&fd, 1, timeoutMs);
  if (ready < 0 && errno == EINTR) return false;
  if (ready < 0) throw StorageFailure("waiting on the notification connection failed");
  return ready > 0;
}

}  // namespace cf::storage
