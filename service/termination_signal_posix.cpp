#include <csignal>
#include <pthread.h>

#include "service/termination_signal.h"

namespace cf::service {

namespace {
sigset_t terminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}
}  // namespace

void blockTerminationSignals() {
  sigset_t set = terminationSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // A client that disconnects mid-response must not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
}

ServiceSignal waitForServiceSignal() {
  sigset_t set = terminationSignals();
  int signal = 0;
  while (sigwait(&set, &signal) != 0) {}
  return signal == SIGHUP ? ServiceSignal::Reload : ServiceSignal::Stop;
}

}  // namespace cf::service
