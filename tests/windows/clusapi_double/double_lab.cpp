#include "tests/windows/clusapi_double/double_lab.h"

#include <cstdlib>
#include <memory>

#include "orchestration/backends/clusapi/win/cluster_connection_win.h"

namespace cf::test {

namespace {

std::string environment(const char* name, const char* absent) {
  const char* value = std::getenv(name);
  return value ? value : absent;
}

}  // namespace

sim::SimulatedBackend& doubleLab() {
  static std::unique_ptr<sim::SimulatedBackend> backend = [] {
    std::string state = environment("CLUSTERFORGE_DOUBLE_STATE", "");
    return std::make_unique<sim::SimulatedBackend>(
        sim::SimulatedBackend::loadLab(environment("CLUSTERFORGE_DOUBLE_LAB", "lab.json"), state), state,
        std::chrono::milliseconds(0));
  }();
  return *backend;
}

OperationContext doubleContext() { return OperationContext::forRequest(std::chrono::seconds(30)); }

std::string narrow(LPCWSTR text) { return text ? clusapi::fromWide(text) : std::string(); }

}  // namespace cf::test
