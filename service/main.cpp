// clusterforge: the process entry point. Parses the command line, starts the
// App, waits for SIGINT/SIGTERM, and stops it. Exit codes: 0 after a clean
// stop, 1 when the service cannot start, 2 for a bad command line or config.
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "service/app.h"
#include "service/options.h"
#include "service/termination_signal.h"
#include "service/version.h"

int main(int argc, char** argv) {
  using namespace cf::service;
  std::vector<std::string> args(argv + 1, argv + argc);
  ParsedCommandLine parsed;
  try {
    parsed = parseCommandLine(args);
  } catch (const std::invalid_argument& e) {
    std::cerr << "clusterforge: " << e.what() << "\n" << usage();
    return 2;
  }
  if (parsed.command == Command::Version) {
    std::cout << "clusterforge " << clusterforgeVersion() << "\n";
    return 0;
  }
  if (parsed.command == Command::Help) {
    std::cout << usage();
    return args.empty() ? 2 : 0;
  }

  blockTerminationSignals();
  App app(parsed.options);
  try {
    app.start();
  } catch (const std::exception& e) {
    std::cerr << "clusterforge: cannot start: " << e.what() << "\n";
    app.stop();
    return 1;
  }
  waitForTerminationSignal();
  if (!app.stop()) {
    // Workers are still inside a step; the database keeps every committed
    // change and the next start resumes their jobs, so leave without waiting.
    std::fflush(nullptr);
    std::_Exit(0);
  }
  return 0;
}
