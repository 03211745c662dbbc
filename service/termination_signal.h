// Waiting for the request to stop the service (SIGINT/SIGTERM on POSIX).
// blockTerminationSignals() must run before any thread starts, so that the
// signals reach only the thread that waits for them.
#pragma once

namespace cf::service {

void blockTerminationSignals();
// Blocks until a termination signal arrives; returns its number.
int waitForTerminationSignal();

}  // namespace cf::service
