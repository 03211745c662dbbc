// Runs ClusterForge's own PowerShell scripts for what ClusAPI has no call
// for (server facts, Install-WindowsFeature, Restart-Computer). Another piece
// of ClusapiBackend.
//
// Nothing a request sent ever becomes PowerShell text: the script is a
// constant of this program, passed as -EncodedCommand, and its arguments (a
// JSON document, validated before it gets here) arrive on standard input,
// where the script reads them as data:
//   $in = [Console]::In.ReadToEnd() | ConvertFrom-Json
// The script answers one JSON document on standard output; a failure it
// reports as {"error": {"code": <Win32>, "message": "..."}} becomes a
// BackendFailure with that code. A script past its timeout is killed and
// reported as ERROR_TIMEOUT, which is transient.
#pragma once

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "orchestration/model/operation_context.h"

namespace cf::clusapi {

class PowerShell {
 public:
  explicit PowerShell(std::wstring executable = L"powershell.exe") : executable_(std::move(executable)) {}

  nlohmann::json run(const std::string& script, const nlohmann::json& arguments, std::chrono::milliseconds timeout,
                     const OperationContext& ctx) const;

  // The -EncodedCommand form of a script: base64 of its UTF-16LE text.
  static std::string encodeCommand(const std::string& script);

 private:
  std::wstring executable_;
};

}  // namespace cf::clusapi
