#include "orchestration/backends/clusapi/win/cluster_networks_win.h"

#include <cstdio>

#include "orchestration/backends/clusapi/property_list.h"
#include "orchestration/backends/clusapi/utf16.h"
#include "orchestration/win32_error.h"

namespace cf::clusapi {

namespace {

std::wstring wide(const std::string& utf8) {
  std::u16string text = toUtf16(utf8);
  return std::wstring(text.begin(), text.end());
}

std::string narrow(const wchar_t* text) {
  std::u16string u;
  for (; *text; ++text) u.push_back(static_cast<char16_t>(*text));
  return toUtf8(u);
}

[[noreturn]] void fail(DWORD code, const std::string& what) { throw BackendFailure(code, what); }

// Closes a network handle however the scope is left.
struct NetworkHandle {
  const ClusapiFunctions& api;
  HNETWORK h;
  ~NetworkHandle() {
    if (h) api.CloseClusterNetwork(h);
  }
};

}  // namespace

ClusterNetworks::ClusterNetworks(const ClusapiFunctions& api, const std::string& cluster) : api_(api), cluster_(cluster) {
  handle_ = api_.OpenCluster(wide(cluster).c_str());
  if (!handle_) fail(GetLastError(), "cannot open cluster " + cluster);
}

ClusterNetworks::~ClusterNetworks() {
  if (handle_) api_.CloseCluster(handle_);
}

HNETWORK ClusterNetworks::open(const std::string& network) {
  HNETWORK h = api_.OpenClusterNetwork(handle_, wide(network).c_str());
  if (!h) fail(GetLastError(), "cluster " + cluster_ + " has no network named '" + network + "'");
  return h;
}

std::vector<uint8_t> ClusterNetworks::control(HNETWORK network, DWORD code, const std::vector<uint8_t>& in) {
  std::vector<uint8_t> out(512);
  DWORD returned = 0;
  void* input = in.empty() ? nullptr : const_cast<uint8_t*>(in.data());
  DWORD status = api_.ClusterNetworkControl(network, nullptr, code, input, static_cast<DWORD>(in.size()), out.data(),
                                            static_cast<DWORD>(out.size()), &returned);
  if (status == win32::kMoreData) {
    out.resize(returned);
    status = api_.ClusterNetworkControl(network, nullptr, code, input, static_cast<DWORD>(in.size()), out.data(),
                                        static_cast<DWORD>(out.size()), &returned);
  }
  if (status != ERROR_SUCCESS) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%08lX", static_cast<unsigned long>(code));
    fail(status, std::string("ClusterNetworkControl(") + hex + ") on " + cluster_);
  }
  out.resize(returned);
  return out;
}

std::vector<ClusterNetwork> ClusterNetworks::list() {
  HCLUSENUM handle = api_.ClusterOpenEnum(handle_, kClusterEnumNetwork);
  if (!handle) fail(GetLastError(), "cannot enumerate the networks of " + cluster_);
  std::vector<std::string> names;
  for (DWORD index = 0;; ++index) {
    std::vector<wchar_t> name(64);
    DWORD type = 0, chars = static_cast<DWORD>(name.size());
    DWORD status = api_.ClusterEnum(handle, index, &type, name.data(), &chars);
    if (status == win32::kMoreData) {
      name.resize(chars + 1);
      chars = static_cast<DWORD>(name.size());
      status = api_.ClusterEnum(handle, index, &type, name.data(), &chars);
    }
    if (status == win32::kNoMoreItems) break;
    if (status != ERROR_SUCCESS) {
      api_.ClusterCloseEnum(handle);
      fail(status, "enumerating the networks of " + cluster_);
    }
    names.push_back(narrow(name.data()));
  }
  api_.ClusterCloseEnum(handle);

  std::vector<ClusterNetwork> networks;
  for (const auto& name : names) {
    NetworkHandle network{api_, open(name)};
    auto common = decodePropertyList(control(network.h, kNetworkGetCommonProperties, {}));
    auto readOnly = decodePropertyList(control(network.h, kNetworkGetReadOnlyCommonProperties, {}));
    ClusterNetwork n;
    n.name = name;
    n.role = static_cast<NetworkRole>(dwordProperty(common, "Role").value_or(0));
    n.metric = dwordProperty(common, "Metric").value_or(0);
    n.autoMetric = dwordProperty(common, "AutoMetric").value_or(1) != 0;
    auto address = Ipv4Address::parse(stringProperty(readOnly, "Address").value_or(""));
    auto mask = Ipv4Address::parse(stringProperty(readOnly, "AddressMask").value_or(""));
    if (address && mask) {
      int prefix = 0;
      for (uint32_t bits = mask->value(); bits & 0x80000000u; bits <<= 1) ++prefix;
      n.subnet = Subnet(*address, prefix);
    }
    networks.push_back(n);
  }
  return networks;
}

void ClusterNetworks::rename(const std::string& network, const std::string& newName) {
  NetworkHandle h{api_, open(network)};
  DWORD status = api_.SetClusterNetworkName(h.h, wide(newName).c_str());
  if (status != ERROR_SUCCESS) fail(status, "renaming network '" + network + "' of " + cluster_);
}

void ClusterNetworks::setDword(const std::string& network, const std::string& property, uint32_t value) {
  NetworkHandle h{api_, open(network)};
  control(h.h, kNetworkSetCommonProperties, encodePropertyList({{property, {value}}}));
}

void ClusterNetworks::setRole(const std::string& network, NetworkRole role) {
  setDword(network, "Role", static_cast<uint32_t>(role));
}

void ClusterNetworks::setMetric(const std::string& network, uint32_t metric) { setDword(network, "Metric", metric); }

}  // namespace cf::clusapi
