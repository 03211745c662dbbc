// Stands in for ServerManagerCmd.exe on a Windows Server 2008 node of the
// lab, for the WMI stand-in (wmi_double.h) to run: takes the one form
// ClusterForge uses, "-install <Id> -logPath <file>", on the node named by
// CLUSTERFORGE_NODE, installs in the lab (CLUSTERFORGE_DOUBLE_LAB, saved to
// CLUSTERFORGE_DOUBLE_STATE), writes a log and exits as the real one does:
// 0 installed, 1003 nothing to change, 3010 installed and a restart is
// needed, 1 failed.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "orchestration/backends/simulated/simulated_backend.h"
#include "orchestration/model/features.h"

namespace {

constexpr int kFailed = 1;
constexpr int kNoChange = 1003;
constexpr int kRestartNeeded = 3010;

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5 || std::string(argv[1]) != "-install" || std::string(argv[3]) != "-logPath") {
    std::cerr << "usage: ServerManagerCmd.exe -install <Id> -logPath <file>\n";
    return 87;
  }
  std::string feature = argv[2];
  std::string node = environment("CLUSTERFORGE_NODE");
  std::ofstream log(argv[4], std::ios::binary);
  if (!log) return kFailed;
  log << "Start Installation...\r\n";
  try {
    std::string state = environment("CLUSTERFORGE_DOUBLE_STATE");
    cf::sim::SimulatedBackend lab(cf::sim::SimulatedBackend::loadLab(environment("CLUSTERFORGE_DOUBLE_LAB"), state),
                                  state, std::chrono::milliseconds(0));
    auto ctx = cf::OperationContext::forRequest(std::chrono::seconds(30));
    if (cf::featurePresent(lab.getServer(node, ctx), feature)) {
      log << "NoChange: No changes were made because " << feature << " is already installed.\r\n";
      return kNoChange;
    }
    lab.installFeatures(node, {feature}, "", ctx);
    log << "Installation [" << feature << "] succeeded.\r\nSuccess: Installation succeeded.\r\n";
    if (cf::findFeature(feature)->needsRestart) {
      log << "<100/100>\r\nWarning: You must restart this server to finish the installation process.\r\n";
      return kRestartNeeded;
    }
    return 0;
  } catch (const std::exception& e) {
    log << "Error: " << e.what() << "\r\nError: Installation failed.\r\n";
    return kFailed;
  }
}
