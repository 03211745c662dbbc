#pragma once

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

namespace cf::test {

// Points the stand-ins (the clusapi.dll double, powershell.exe, WMI and
// ServerManagerCmd) at a lab and a fresh state file for the life of a test,
// and back to no state file after it.
class DoubleLabScope {
 public:
  explicit DoubleLabScope(const std::string& lab) : state_("clusterforge-double-lab-state.json") {
    std::remove(state_.c_str());
    _putenv_s("CLUSTERFORGE_DOUBLE_LAB", lab.c_str());
    _putenv_s("CLUSTERFORGE_DOUBLE_STATE", state_.c_str());
  }
  ~DoubleLabScope() {
    _putenv_s("CLUSTERFORGE_DOUBLE_STATE", "");
    std::remove(state_.c_str());
  }
  // The double's saved lab: what it changed, and how many changes of each kind.
  nlohmann::json saved() const { return nlohmann::json::parse(std::ifstream(state_)); }

 private:
  std::string state_;
};

}  // namespace cf::test
