#include "orchestration/backends/clusapi/win/cluster_quorum_win.h"

#include "orchestration/backends/clusapi/property_list.h"
#include "orchestration/backends/clusapi/utf16.h"
#include "orchestration/win32_error.h"

namespace cf::clusapi {

namespace {

std::wstring wide(const std::string& utf8) {
  std::u16string text = toUtf16(utf8);
  return std::wstring(text.begin(), text.end());
}

std::string narrow(const std::wstring& text) { return toUtf8(std::u16string(text.begin(), text.end())); }

[[noreturn]] void fail(DWORD code, const std::string& what) { throw BackendFailure(code, what); }

// Closes a resource handle however the scope is left.
struct ResourceHandle {
  const ClusapiFunctions& api;
  HRESOURCE h;
  ~ResourceHandle() {
    if (h) api.CloseClusterResource(h);
  }
};

constexpr DWORD kIoPending = 997;  // OnlineClusterResource: coming online

}  // namespace

ClusterQuorum::ClusterQuorum(const ClusapiFunctions& api, const std::string& cluster) : api_(api), cluster_(cluster) {
  handle_ = api_.OpenCluster(wide(cluster).c_str());
  if (!handle_) fail(GetLastError(), "cannot open cluster " + cluster);
}

ClusterQuorum::~ClusterQuorum() {
  if (handle_) api_.CloseCluster(handle_);
}

HRESOURCE ClusterQuorum::openResource(const std::string& name) {
  HRESOURCE h = api_.OpenClusterResource(handle_, wide(name).c_str());
  if (!h) fail(GetLastError(), "cluster " + cluster_ + " has no resource '" + name + "'");
  return h;
}

HRESOURCE ClusterQuorum::witnessResource(const wchar_t* type) {
  if (HRESOURCE existing = api_.OpenClusterResource(handle_, type)) return existing;
  HGROUP group = api_.OpenClusterGroup(handle_, kCoreGroup);
  if (!group) fail(GetLastError(), "cannot open the core group of " + cluster_);
  HRESOURCE created = api_.CreateClusterResource(group, type, type, 0);
  DWORD error = created ? ERROR_SUCCESS : GetLastError();
  api_.CloseClusterGroup(group);
  if (!created) fail(error, "cannot create the " + narrow(type) + " resource in " + cluster_);
  return created;
}

std::vector<uint8_t> ClusterQuorum::privateProperties(HRESOURCE resource) {
  std::vector<uint8_t> out(512);
  DWORD returned = 0;
  DWORD status = api_.ClusterResourceControl(resource, nullptr, kResourceGetPrivateProperties, nullptr, 0, out.data(),
                                             static_cast<DWORD>(out.size()), &returned);
  if (status == win32::kMoreData) {
    out.resize(returned);
    status = api_.ClusterResourceControl(resource, nullptr, kResourceGetPrivateProperties, nullptr, 0, out.data(),
                                         static_cast<DWORD>(out.size()), &returned);
  }
  if (status != ERROR_SUCCESS) fail(status, "reading the witness properties of " + cluster_);
  out.resize(returned);
  return out;
}

void ClusterQuorum::setPrivateProperties(HRESOURCE resource, const std::vector<uint8_t>& list) {
  DWORD returned = 0;
  DWORD status = api_.ClusterResourceControl(resource, nullptr, kResourceSetPrivateProperties,
                                             const_cast<uint8_t*>(list.data()), static_cast<DWORD>(list.size()), nullptr,
                                             0, &returned);
  if (status != ERROR_SUCCESS) fail(status, "setting the witness properties of " + cluster_);
}

void ClusterQuorum::online(HRESOURCE resource, const std::string& what) {
  DWORD status = api_.OnlineClusterResource(resource);
  if (status != ERROR_SUCCESS && status != kIoPending) fail(status, what + " of " + cluster_ + " cannot come online");
}

void ClusterQuorum::makeQuorum(HRESOURCE resource, DWORD type, const std::string& what) {
  DWORD status = api_.SetClusterQuorumResource(resource, nullptr, type);
  if (status != ERROR_SUCCESS) fail(status, "making " + what + " the quorum of " + cluster_);
}

QuorumState ClusterQuorum::read() {
  wchar_t resource[256] = {0}, device[260] = {0};
  DWORD resourceChars = 256, deviceChars = 260, type = 0;
  DWORD status = api_.GetClusterQuorumResource(handle_, resource, &resourceChars, device, &deviceChars, &type);
  if (status != ERROR_SUCCESS) fail(status, "reading the quorum of " + cluster_);
  QuorumState state;
  std::wstring name(resource);
  if (type == kNodeMajorityQuorum || name.empty()) return state;
  state.witnessOnline = true;
  if (name == kFileShareWitnessType || name == kCloudWitnessType) {
    ResourceHandle h{api_, openResource(narrow(name))};
    auto props = decodePropertyList(privateProperties(h.h));
    bool share = name == kFileShareWitnessType;
    state.mode = share ? QuorumMode::NodeAndFileShareMajority : QuorumMode::CloudWitness;
    state.witnessType = share ? WitnessType::FileShare : WitnessType::Cloud;
    state.witness = stringProperty(props, share ? "SharePath" : "AccountName").value_or("");
  } else {
    state.mode = type == kLegacyQuorum ? QuorumMode::DiskOnly : QuorumMode::NodeAndDiskMajority;
    state.witnessType = WitnessType::Disk;
    state.witness = narrow(name);
  }
  return state;
}

void ClusterQuorum::configure(const QuorumSettings& s) {
  switch (s.mode) {
    case QuorumMode::NodeMajority: {
      wchar_t resource[256] = {0}, device[260] = {0};
      DWORD resourceChars = 256, deviceChars = 260, type = 0;
      DWORD status = api_.GetClusterQuorumResource(handle_, resource, &resourceChars, device, &deviceChars, &type);
      if (status != ERROR_SUCCESS) fail(status, "reading the quorum of " + cluster_);
      HRESOURCE current = resource[0] ? api_.OpenClusterResource(handle_, resource) : nullptr;
      ResourceHandle h{api_, current};
      makeQuorum(current, kNodeMajorityQuorum, "node majority");
      return;
    }
    case QuorumMode::NodeAndDiskMajority:
    case QuorumMode::DiskOnly: {
      ResourceHandle disk{api_, openResource(s.disk)};
      makeQuorum(disk.h, s.mode == QuorumMode::DiskOnly ? kLegacyQuorum : kHybridQuorum, "'" + s.disk + "'");
      return;
    }
    case QuorumMode::NodeAndFileShareMajority: {
      ResourceHandle witness{api_, witnessResource(kFileShareWitnessType)};
      setPrivateProperties(witness.h, encodePropertyList({{"SharePath", {s.sharePath}}}));
      online(witness.h, "the file share witness " + s.sharePath);
      makeQuorum(witness.h, kHybridQuorum, "the file share witness");
      return;
    }
    case QuorumMode::CloudWitness: {
      ResourceHandle witness{api_, witnessResource(kCloudWitnessType)};
      setPrivateProperties(witness.h, encodePropertyList({{"AccountName", {s.cloudAccount}},
                                                          {"PrimaryToken", {s.cloudAccessKey}},
                                                          {"EndpointInfo", {s.cloudEndpoint.empty() ? std::string("core.windows.net")
                                                                                                     : s.cloudEndpoint}}}));
      online(witness.h, "the cloud witness");
      makeQuorum(witness.h, kHybridQuorum, "the cloud witness");
      return;
    }
  }
}

}  // namespace cf::clusapi
