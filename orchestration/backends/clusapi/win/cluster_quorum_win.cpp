#include "orchestration/backends/clusapi/win/cluster_quorum_win.h"

#include "orchestration/backends/clusapi/property_list.h"
#include "orchestration/backends/clusapi/win/cluster_inventory_win.h"
#include "orchestration/model/win32_error.h"

namespace cf::clusapi {

namespace {

constexpr DWORD kIoPending = 997;  // OnlineClusterResource: coming online
constexpr DWORD kResourceFailedState = 4;
constexpr DWORD kResourceFailed = 5038;  // ERROR_RESOURCE_FAILED

}  // namespace

HRESOURCE ClusterQuorum::openResource(const std::string& name) {
  HRESOURCE h = cluster_.api().OpenClusterResource(cluster_.handle(), toWide(name).c_str());
  if (!h) throwWin32(GetLastError(), "cluster " + cluster_.name() + " has no resource '" + name + "'");
  return h;
}

HRESOURCE ClusterQuorum::witnessResource(const wchar_t* type) {
  if (HRESOURCE existing = cluster_.api().OpenClusterResource(cluster_.handle(), type)) return existing;
  HGROUP group = cluster_.api().OpenClusterGroup(cluster_.handle(), kCoreGroup);
  if (!group) throwWin32(GetLastError(), "cannot open the core group of " + cluster_.name());
  HRESOURCE created = cluster_.api().CreateClusterResource(group, type, type, 0);
  DWORD error = created ? ERROR_SUCCESS : GetLastError();
  cluster_.api().CloseClusterGroup(group);
  if (!created) throwWin32(error, "cannot create the " + fromWide(type) + " resource in " + cluster_.name());
  return created;
}

std::pair<std::wstring, DWORD> ClusterQuorum::quorumResource() {
  wchar_t resource[256] = {0}, device[260] = {0};
  DWORD resourceChars = 256, deviceChars = 260, type = 0;
  DWORD status =
      cluster_.api().GetClusterQuorumResource(cluster_.handle(), resource, &resourceChars, device, &deviceChars, &type);
  if (status != ERROR_SUCCESS) throwWin32(status, "reading the quorum of " + cluster_.name());
  return {resource, type};
}

void ClusterQuorum::setPrivateProperties(HRESOURCE resource, const std::vector<uint8_t>& list) {
  DWORD returned = 0;
  DWORD status = cluster_.api().ClusterResourceControl(resource, nullptr, kResourceSetPrivateProperties,
                                                       const_cast<uint8_t*>(list.data()),
                                                       static_cast<DWORD>(list.size()), nullptr, 0, &returned);
  if (status != ERROR_SUCCESS) throwWin32(status, "setting the witness properties of " + cluster_.name());
}

void ClusterQuorum::online(HRESOURCE resource, const std::string& what) {
  DWORD status = cluster_.api().OnlineClusterResource(resource);
  if (status == ERROR_SUCCESS) return;
  if (status != kIoPending) throwWin32(status, what + " of " + cluster_.name() + " cannot come online");
  // 997: still coming online. SetClusterQuorumResource on a witness that is
  // not Online yet fails, so wait for it, bounded (CLUSAPI-NOTES.md).
  for (auto waited = std::chrono::milliseconds(0); waited < onlineTimeout_; waited += onlinePoll_) {
    DWORD state = cluster_.api().GetClusterResourceState(resource, nullptr, nullptr, nullptr, nullptr);
    if (state == kResourceOnline) return;
    if (state == kResourceFailedState) {
      throwWin32(kResourceFailed, what + " of " + cluster_.name() + " failed while coming online");
    }
    Sleep(static_cast<DWORD>(onlinePoll_.count()));
  }
  throwWin32(win32::kTimeout, what + " of " + cluster_.name() + " did not come online within " +
                                  std::to_string(onlineTimeout_.count() / 1000) + " s");
}

void ClusterQuorum::makeQuorum(HRESOURCE resource, DWORD type, const std::string& what) {
  DWORD status = cluster_.api().SetClusterQuorumResource(resource, nullptr, type);
  if (status != ERROR_SUCCESS) throwWin32(status, "making " + what + " the quorum of " + cluster_.name());
}

QuorumState ClusterQuorum::read() {
  auto [name, type] = quorumResource();
  QuorumState state;
  if (type == kNodeMajorityQuorum || name.empty()) return state;
  state.witnessOnline = true;
  if (name == kFileShareWitnessType || name == kCloudWitnessType) {
    ResourceHandle h{cluster_.api(), openResource(fromWide(name))};
    auto props = decodePropertyList(resourceControl(cluster_.api(), h.h, kResourceGetPrivateProperties,
                                                    "reading the witness properties of " + cluster_.name()));
    bool share = name == kFileShareWitnessType;
    state.mode = share ? QuorumMode::NodeAndFileShareMajority : QuorumMode::CloudWitness;
    state.witnessType = share ? WitnessType::FileShare : WitnessType::Cloud;
    state.witness = stringProperty(props, share ? "SharePath" : "AccountName").value_or("");
  } else {
    state.mode = type == kLegacyQuorum ? QuorumMode::DiskOnly : QuorumMode::NodeAndDiskMajority;
    state.witnessType = WitnessType::Disk;
    state.witness = fromWide(name);
  }
  return state;
}

void ClusterQuorum::configure(const QuorumSettings& s) {
  switch (s.mode) {
    case QuorumMode::NodeMajority: {
      std::wstring resource = quorumResource().first;
      HRESOURCE current =
          resource.empty() ? nullptr : cluster_.api().OpenClusterResource(cluster_.handle(), resource.c_str());
      ResourceHandle h{cluster_.api(), current};
      makeQuorum(current, kNodeMajorityQuorum, "node majority");
      return;
    }
    case QuorumMode::NodeAndDiskMajority:
    case QuorumMode::DiskOnly: {
      ResourceHandle disk{cluster_.api(), openResource(s.disk)};
      makeQuorum(disk.h, s.mode == QuorumMode::DiskOnly ? kLegacyQuorum : kHybridQuorum, "'" + s.disk + "'");
      return;
    }
    case QuorumMode::NodeAndFileShareMajority: {
      ResourceHandle witness{cluster_.api(), witnessResource(kFileShareWitnessType)};
      setPrivateProperties(witness.h, encodePropertyList({{"SharePath", {s.sharePath}}}));
      online(witness.h, "the file share witness " + s.sharePath);
      makeQuorum(witness.h, kHybridQuorum, "the file share witness");
      return;
    }
    case QuorumMode::CloudWitness: {
      ResourceHandle witness{cluster_.api(), witnessResource(kCloudWitnessType)};
      setPrivateProperties(
          witness.h,
          encodePropertyList(
              {{"AccountName", {s.cloudAccount}},
               {"PrimaryToken", {s.cloudAccessKey}},
               {"EndpointInfo", {s.cloudEndpoint.empty() ? std::string("core.windows.net") : s.cloudEndpoint}}}));
      online(witness.h, "the cloud witness");
      makeQuorum(witness.h, kHybridQuorum, "the cloud witness");
      return;
    }
  }
}

}  // namespace cf::clusapi
