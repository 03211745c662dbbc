// A service built on the real SCM host code, for the lifecycle test: it
// writes a marker file when started and stopped (or fails to start when
// asked), so the test can see what the host did.
//   clusterforge_service_probe.exe service <marker-folder> [fail]
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>

#include "service/win/scm_host_win.h"

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
  int exitCode = 0;
  if (!cf::service::win::runUnderScm(L"ClusterForgeProbe", body, exitCode)) {
    std::cerr << "not started by the service control manager\n";
    return 3;
  }
  return exitCode;
}
