#include "orchestration/backends/clusapi/win/cluster_networks_win.h"

#include <cstdio>

#include "orchestration/backends/clusapi/property_list.h"
#include "orchestration/model/win32_error.h"

namespace cf::clusapi {

namespace {

// Closes a network handle however the scope is left.
struct NetworkHandle {
  const ClusapiFunctions& api;
  HNETWORK h;
  ~NetworkHandle() {
    if (h) api.CloseClusterNetwork(h);
  }
};

}  // namespace

HNETWORK ClusterNetworks::open(const std::string& network) {
  HNETWORK h = cluster_.api().OpenClusterNetwork(cluster_.handle(), toWide(network).c_str());
  if (!h) throwWin32(GetLastError(), "cluster " + cluster_.name() + " has no network named '" + network + "'");
  return h;
}

std::vector<uint8_t> ClusterNetworks::control(HNETWORK network, DWORD code, const std::vector<uint8_t>& in) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%08lX", static_cast<unsigned long>(code));
  void* input = in.empty() ? nullptr : const_cast<uint8_t*>(in.data());
  return controlOutput(
      [&](void* out, DWORD size, DWORD* returned) {
        return cluster_.api().ClusterNetworkControl(network, nullptr, code, input, static_cast<DWORD>(in.size()), out,
                                                    size, returned);
      },
      std::string("ClusterNetworkControl(") + hex + ") on " + cluster_.name());
}

std::vector<ClusterNetwork> ClusterNetworks::list() {
  std::vector<std::string> names = enumerate(cluster_, kClusterEnumNetwork);
  std::vector<ClusterNetwork> networks;
  for (const auto& name : names) {
    NetworkHandle network{cluster_.api(), open(name)};
    auto common = decodePropertyList(control(network.h, kNetworkGetCommonProperties, {}));
    auto readOnly = decodePropertyList(control(network.h, kNetworkGetReadOnlyCommonProperties, {}));
    ClusterNetwork n;
    n.name = name;
    n.role = static_cast<NetworkRole>(dwordProperty(common, "Role").value_or(0));
    n.metric = dwordProperty(common, "Metric").value_or(0);
    n.autoMetric = dwordProperty(common, "AutoMetric").value_or(1) != 0;
    auto address = Ipv4Address::parse(stringProperty(readOnly, "Address").value_or(""));
    auto mask = Ipv4Address::parse(stringProperty(readOnly, "AddressMask").value_or(""));
    if (address && mask) n.subnet = Subnet(*address, prefixLengthOf(*mask));
    networks.push_back(n);
  }
  return networks;
}

void ClusterNetworks::rename(const std::string& network, const std::string& newName) {
  NetworkHandle h{cluster_.api(), open(network)};
  DWORD status = cluster_.api().SetClusterNetworkName(h.h, toWide(newName).c_str());
  if (status != ERROR_SUCCESS) throwWin32(status, "renaming network '" + network + "' of " + cluster_.name());
}

void ClusterNetworks::setDword(const std::string& network, const std::string& property, uint32_t value) {
  NetworkHandle h{cluster_.api(), open(network)};
  control(h.h, kNetworkSetCommonProperties, encodePropertyList({{property, {value}}}));
}

void ClusterNetworks::setRole(const std::string& network, NetworkRole role) {
  setDword(network, "Role", static_cast<uint32_t>(role));
}

void ClusterNetworks::setMetric(const std::string& network, uint32_t metric) { setDword(network, "Metric", metric); }

}  // namespace cf::clusapi
