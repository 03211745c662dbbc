#include "orchestration/backends/clusapi/win/cluster_connection_win.h"

#include "orchestration/backends/clusapi/utf16.h"
#include "orchestration/model/win32_error.h"

namespace cf::clusapi {

std::wstring toWide(const std::string& utf8) {
  std::u16string text = toUtf16(utf8);
  return std::wstring(text.begin(), text.end());
}

std::string fromWide(const std::wstring& text) { return toUtf8(std::u16string(text.begin(), text.end())); }

void throwWin32(DWORD code, const std::string& what) { throw BackendFailure(code, what); }

std::vector<uint8_t> controlOutput(const std::function<DWORD(void*, DWORD, DWORD*)>& call, const std::string& what) {
  std::vector<uint8_t> out(512);
  DWORD returned = 0;
  DWORD status = call(out.data(), static_cast<DWORD>(out.size()), &returned);
  if (status == win32::kMoreData) {
    out.resize(returned);
    status = call(out.data(), static_cast<DWORD>(out.size()), &returned);
  }
  if (status != ERROR_SUCCESS) throwWin32(status, what);
  out.resize(returned);
  return out;
}

std::vector<std::string> enumerate(const ClusterConnection& cluster, DWORD type) {
  const auto& api = cluster.api();
  HCLUSENUM handle = api.ClusterOpenEnum(cluster.handle(), type);
  if (!handle) throwWin32(GetLastError(), "cannot enumerate the objects of " + cluster.name());
  std::vector<std::string> names;
  for (DWORD index = 0;; ++index) {
    std::vector<wchar_t> name(64);
    DWORD kind = 0, chars = static_cast<DWORD>(name.size());
    DWORD status = api.ClusterEnum(handle, index, &kind, name.data(), &chars);
    if (status == win32::kMoreData) {
      name.resize(chars + 1);
      chars = static_cast<DWORD>(name.size());
      status = api.ClusterEnum(handle, index, &kind, name.data(), &chars);
    }
    if (status == win32::kNoMoreItems) break;
    if (status != ERROR_SUCCESS) {
      api.ClusterCloseEnum(handle);
      throwWin32(status, "enumerating the objects of " + cluster.name());
    }
    names.push_back(fromWide(name.data()));
  }
  api.ClusterCloseEnum(handle);
  return names;
}

std::vector<uint8_t> resourceControl(const ClusapiFunctions& api, HRESOURCE resource, DWORD code,
                                     const std::string& what) {
  return controlOutput(
      [&](void* out, DWORD size, DWORD* returned) {
        return api.ClusterResourceControl(resource, nullptr, code, nullptr, 0, out, size, returned);
      },
      what);
}

ClusterConnection::ClusterConnection(const ClusapiFunctions& api, const std::string& cluster)
    : api_(api), name_(cluster) {
  handle_ = api_.OpenCluster(toWide(cluster).c_str());
  if (!handle_) throwWin32(GetLastError(), "cannot open cluster " + cluster);
}

ClusterConnection::~ClusterConnection() {
  if (handle_) api_.CloseCluster(handle_);
}

}  // namespace cf::clusapi
