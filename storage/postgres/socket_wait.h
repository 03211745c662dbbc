// Waiting for input on a libpq connection's socket (LISTEN), the one part of
// the PostgreSQL adapter that differs between POSIX and Windows.
#pragma once

namespace cf::storage {

// True when `socket` has input within `timeoutMs`, false on a timeout (or an
// interrupted wait); throws StorageFailure when the wait itself fails.
bool inputWithin(int socket, int timeoutMs);

}  // namespace cf::storage
