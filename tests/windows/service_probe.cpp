// A service built on the real `clusterforge run` code for Windows (under the
// SCM, or in the console until Ctrl+C), for the lifecycle tests: it writes a
// marker file when started and stopped (or fails to start when asked), so
// the test can see what the host did.
//   clusterforge_service_probe.exe service <marker-folder> [fail]
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>

#include "service/win/service_commands_win.h"

int main(int argc, char** argv) {
  if (argc < 3 || std::string(argv[1]) != "service") {
    std::cerr << "usage: clusterforge_service_probe service <marker-folder> [fail]\n";
    return 2;
  }
  std::string folder = argv[2];
  bool failStart = argc > 3 && std::string(argv[3]) == "fail";
  auto mark = [&](const std::string& name, const std::string& text) { std::ofstream(folder + "\\" + name) << text; };
  cf::service::win::ServiceBody body{
      [&] {
        if (failStart) throw std::runtime_error("the database cannot be opened: disk full");
        mark("started", "yes");
      },
      [&] { mark("stopped", "yes"); },
      [&](const std::string& why) { mark("fatal", why); },
  };
  return cf::service::win::runServiceOrConsole(L"ClusterForgeProbe", body, std::cerr);
}
