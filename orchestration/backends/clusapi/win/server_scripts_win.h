// ClusterForge's PowerShell scripts for what ClusAPI has no call for: a
// server's facts, Install-WindowsFeature, Restart-Computer, a ping sent from
// one server, the clusters registered in the domain, and computer objects
// (ADSI) a destroyed cluster leaves behind. The scripts live in
// orchestration/backends/clusapi/scripts/*.ps1 and ship inside the binary;
// each runs as common.ps1 followed by its own text, behind a first line
// "# clusterforge-script: <name>" that names it (and lets a test's stand-in
// powershell.exe know which one it was sent). Arguments travel as JSON on
// standard input (see PowerShell); answers are checked before use, and an
// answer that is not what the script promises is ERROR_INVALID_DATA.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "orchestration/backends/clusapi/win/powershell_win.h"
#include "orchestration/model/cluster_model.h"

namespace cf::clusapi {

class ServerScripts {
 public:
  explicit ServerScripts(PowerShell shell) : shell_(std::move(shell)) {}

  ServerFacts facts(const std::string& server, const OperationContext& ctx) const;
  // Returns whether the server needs a restart to finish.
  bool installFeatures(const std::string& server, const std::vector<std::string>& features, const std::string& source,
                       const OperationContext& ctx) const;
  void restart(const std::string& server, const OperationContext& ctx) const;
  bool canReach(const std::string& from, Ipv4Address address, const OperationContext& ctx) const;
  std::vector<std::string> clusters(const OperationContext& ctx) const;
  // The domain's computer object of that name, and deleting a disabled one.
  std::optional<ComputerObject> computerObject(const std::string& name, const OperationContext& ctx) const;
  bool mayCreateComputerObjects(const std::string& node, const OperationContext& ctx) const;
  void deleteComputerObject(const std::string& name, const OperationContext& ctx) const;

  // The whole text run for the script `name` ("server-facts").
  static std::string script(const std::string& name);

 private:
  nlohmann::json run(const std::string& name, const nlohmann::json& arguments, std::chrono::milliseconds timeout,
                     const OperationContext& ctx) const;

  PowerShell shell_;
};

}  // namespace cf::clusapi
