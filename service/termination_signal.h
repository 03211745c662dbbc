// Waiting for what an operator asks of the running service on POSIX: stop
// (SIGINT, SIGTERM) or reload the TLS certificate (SIGHUP).
// blockTerminationSignals() must run before any thread starts, so that the
// signals reach only the thread that waits for them.
#pragma once

namespace cf::service {

enum class ServiceSignal { Stop, Reload };

void blockTerminationSignals();
// Blocks until one of those signals arrives.
ServiceSignal waitForServiceSignal();

}  // namespace cf::service
