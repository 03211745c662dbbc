#include <sys/stat.h>

#include <cstdio>
#include <iostream>
#include <stdexcept>

#include "service/aes_gcm_secret_box.h"
#include "service/app.h"
#include "service/platform.h"
#include "service/termination_signal.h"

namespace cf::service::platform {

int run(const Options& options) {
  keepNewFilesPrivate();
  blockTerminationSignals();
  App app(options);
  try {
    app.start();
  } catch (const std::exception& e) {
    std::cerr << "clusterforge: cannot start: " << e.what() << "\n";
    app.stop();
    return 1;
  }
  while (waitForServiceSignal() == ServiceSignal::Reload) app.reloadCertificates();
  if (!app.stop()) {
    // Workers are still inside a step; the database keeps every committed
    // change and the next start resumes their jobs, so leave without waiting.
    std::fflush(nullptr);
    std::_Exit(0);
  }
  return 0;
}

void keepNewFilesPrivate() { ::umask(0077); }

int install(const InstallRequest&) {
  std::cerr << "clusterforge: install registers a Windows service; on Linux, install "
               "deploy/linux/clusterforge.service with systemd\n";
  return 2;
}

int uninstall() {
  std::cerr << "clusterforge: uninstall removes the Windows service; on Linux, use systemctl disable clusterforge\n";
  return 2;
}

std::unique_ptr<SecretBox> makeSecretBox(const std::string& dataDir) {
  return std::make_unique<AesGcmSecretBox>(dataDir + "/secret.key");
}

std::unique_ptr<ClusterBackend> makeClusapiBackend() {
  throw std::runtime_error("the clusapi backend runs only on Windows");
}

std::vector<spdlog::sink_ptr> extraLogSinks() { return {}; }

std::vector<spdlog::sink_ptr> auditLogSinks() { return {}; }

}  // namespace cf::service::platform
