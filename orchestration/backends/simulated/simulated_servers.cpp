// SimulatedBackend: what happens on the servers themselves: reaching one
// from another, installing features, restarting.
#include <algorithm>

#include "orchestration/backends/simulated/simulated_backend.h"
#include "orchestration/model/computer_name.h"
#include "orchestration/model/features.h"
#include "orchestration/model/win32_error.h"

namespace cf::sim {

bool SimulatedBackend::canReach(const std::string& from, Ipv4Address address, const OperationContext& ctx) {
  return observe(ctx, "canReach", from, [&] {
    LabServer& source = reachableServer(from);
    for (auto& target : lab_.servers) {
      for (const auto& adapter : target.facts.adapters) {
        if (adapter.address != address) continue;
        if (!target.reachable) return false;
        Subnet subnet = adapter.subnet();
        bool blocked = std::any_of(lab_.linkFaults.begin(), lab_.linkFaults.end(), [&](const LinkFault& l) {
          return l.subnet == subnet && ((sameName(l.a, from) && sameName(l.b, target.facts.name)) ||
                                        (sameName(l.b, from) && sameName(l.a, target.facts.name)));
        });
        // On its own subnet directly; otherwise only routed, through gateways at both ends.
        bool direct = std::any_of(source.facts.adapters.begin(), source.facts.adapters.end(),
                                  [&](const NetworkAdapter& a) { return a.subnet() == subnet; });
        bool routed = adapter.gateway && std::any_of(source.facts.adapters.begin(), source.facts.adapters.end(),
                                                     [](const NetworkAdapter& a) { return a.gateway.has_value(); });
        return !blocked && (direct || routed);
      }
    }
    return false;  // no host has that address
  });
}

bool SimulatedBackend::installFeatures(const std::string& server, const std::vector<std::string>& features,
                                       const std::string& source, const OperationContext& ctx) {
  auto check = [&] {
    LabServer& s = administeredServer(server);
    for (const auto& feature : features) {
      if (!findFeature(feature)) throw BackendFailure(win32::kInvalidParameter, "no feature named " + feature);
      if (auto reason = featureUnavailableReason(feature, s.facts.os)) {
        throw BackendFailure(win32::kNotSupported, feature + " " + *reason);
      }
      if (featurePresent(s.facts, feature) || !featureNeedsSource(feature, s.facts.os)) continue;
      // Install-WindowsFeature's own words when the payload is off disk.
      bool known = false;
      for (const auto& media : lab_.installationSources) known = known || sameName(media, source);
      if (source.empty() || !known) {
        throw BackendFailure(win32::kSourceMissing,
                             "installing " + feature + " on " + server + " failed: the source files could not be " +
                                 (source.empty() ? std::string("found; use -Source to name installation media")
                                                 : "found at " + source));
      }
    }
  };
  bool restart = false;
  std::vector<std::string> phases;
  for (const auto& f : features) phases.push_back("installing " + f + " on " + server);
  if (phases.empty()) phases.push_back("checking " + server);
  change(ctx, "installFeatures", server, phases, check, [&] {
    LabServer& s = administeredServer(server);
    for (const auto& feature : features) {
      if (featurePresent(s.facts, feature)) continue;
      s.facts.features.push_back(findFeature(feature)->name);
      restart = restart || findFeature(feature)->needsRestart;
    }
    s.facts.restartPending = s.facts.restartPending || restart;
    restart = s.facts.restartPending;
  });
  return restart;
}

void SimulatedBackend::restartServer(const std::string& server, const OperationContext& ctx) {
  change(
      ctx, "restartServer", server, {"restarting " + server, "waiting for " + server + " to answer"},
      [&] { administeredServer(server); }, [&] { administeredServer(server).facts.restartPending = false; });
}

}  // namespace cf::sim
