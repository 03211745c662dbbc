#include "storage/postgres/socket_wait.h"

#include <winsock2.h>

#include "orchestration/common/storage_failure.h"

namespace cf::storage {

bool inputWithin(int socket, int timeoutMs) {
  WSAPOLLFD fd{static_cast<SOCKET>(socket), POLLRDNORM, 0};
  int ready = WSAPoll(&fd, 1, timeoutMs);
  if (ready < 0) throw StorageFailure("waiting on the notification connection failed");
  return ready > 0;
}

}  // namespace cf::storage
