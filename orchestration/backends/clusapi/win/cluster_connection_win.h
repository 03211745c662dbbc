// What every piece of the ClusAPI backend shares: an open cluster handle
// (by name, so an RPC handle, never the local LPC one), text in the
// Windows API's UTF-16, and control calls that answer ERROR_MORE_DATA with
// the size they need.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "orchestration/backends/clusapi/win/clusapi_library_win.h"

namespace cf::clusapi {

std::wstring toWide(const std::string& utf8);
std::string fromWide(const std::wstring& text);

// Throws BackendFailure with the Win32 code and what was being done.
[[noreturn]] void throwWin32(DWORD code, const std::string& what);

// Runs a *Control call into a buffer, once more with the size it asks for on
// ERROR_MORE_DATA; returns the bytes it wrote. `call(out, size, returned)`
// returns the Win32 status.
std::vector<uint8_t> controlOutput(const std::function<DWORD(void*, DWORD, DWORD*)>& call, const std::string& what);

class ClusterConnection;

// The names ClusterEnum returns for one enumeration type (CLUSTER_ENUM_*).
std::vector<std::string> enumerate(const ClusterConnection& cluster, DWORD type);

// Closes a resource handle however the scope is left.
struct ResourceHandle {
  const ClusapiFunctions& api;
  HRESOURCE h;
  ~ResourceHandle() {
    if (h) api.CloseClusterResource(h);
  }
  ResourceHandle(const ResourceHandle&) = delete;
  ResourceHandle& operator=(const ResourceHandle&) = delete;
};

// ClusterResourceControl with no input, through controlOutput.
std::vector<uint8_t> resourceControl(const ClusapiFunctions& api, HRESOURCE resource, DWORD code,
                                     const std::string& what);

class ClusterConnection {
 public:
  ClusterConnection(const ClusapiFunctions& api, const std::string& cluster);
  ~ClusterConnection();
  ClusterConnection(const ClusterConnection&) = delete;
  ClusterConnection& operator=(const ClusterConnection&) = delete;

  HCLUSTER handle() const { return handle_; }
  const std::string& name() const { return name_; }
  const ClusapiFunctions& api() const { return api_; }

 private:
  const ClusapiFunctions& api_;
  std::string name_;
  HCLUSTER handle_ = nullptr;
};

}  // namespace cf::clusapi
