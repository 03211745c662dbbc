// Folders, shares and their permissions on a Windows file server, handled as
// its administrator would: folders through the admin share
// (\\SERVER\C$\FSM_MBX), shares with NetShareAdd / NetShareGetInfo (level 502)
// / NetShareSetInfo (level 1501) / NetShareDel, NTFS permissions with the ACL functions, and
// accounts looked up on that server. The witness share is made with it.
//
// Every Windows function it calls comes from a FileServerFunctions table: in
// the service the system's own, in tests under Wine a double serving the
// simulator's lab (Wine's NetShareAdd answers ERROR_NOT_SUPPORTED).
//
// Permissions are seen as AccessEntry lists: allow entries whose mask is a
// whole right (access_mask.h), accounts as DOMAIN\name (or the SID's string
// when it does not resolve). grant() only adds or raises entries, so an entry
// this model cannot express (a deny, a special permission) is never lost.
// Failures throw BackendFailure with the Win32 or NERR code.
#pragma once

#include <windows.h>
#include <aclapi.h>
#include <lm.h>

#include <optional>
#include <string>
#include <vector>

#include "orchestration/backends/clusapi/access_mask.h"
#include "orchestration/backends/clusapi/win/security_descriptor_win.h"
#include "orchestration/model/cluster_model.h"

namespace cf::clusapi {

struct FileServerFunctions {
  decltype(&::CreateDirectoryW) CreateDirectoryW = nullptr;
  decltype(&::GetFileAttributesW) GetFileAttributesW = nullptr;
  decltype(&::GetNamedSecurityInfoW) GetNamedSecurityInfoW = nullptr;
  decltype(&::SetNamedSecurityInfoW) SetNamedSecurityInfoW = nullptr;
  decltype(&::LookupAccountNameW) LookupAccountNameW = nullptr;
  decltype(&::LookupAccountSidW) LookupAccountSidW = nullptr;
  decltype(&::NetShareAdd) NetShareAdd = nullptr;
  decltype(&::NetShareGetInfo) NetShareGetInfo = nullptr;
  decltype(&::NetShareSetInfo) NetShareSetInfo = nullptr;
  decltype(&::NetApiBufferFree) NetApiBufferFree = nullptr;
  decltype(&::NetShareDel) NetShareDel = nullptr;
  decltype(&::RemoveDirectoryW) RemoveDirectoryW = nullptr;
  decltype(&::DeleteFileW) DeleteFileW = nullptr;
  decltype(&::FindFirstFileW) FindFirstFileW = nullptr;
  decltype(&::FindNextFileW) FindNextFileW = nullptr;
  decltype(&::FindClose) FindClose = nullptr;
};

FileServerFunctions systemFileServerFunctions();

// "\\SERVER\C$\FSM_MBX" for "C:\FSM_MBX" on SERVER.
std::wstring adminSharePath(const std::string& server, const std::string& localPath);

class FileServer {
 public:
  explicit FileServer(FileServerFunctions api) : api_(api) {}

  // LookupAccountNameW on `server` (empty: this computer). An account the
  // server does not know is ERROR_NONE_MAPPED, transient: a cluster's new
  // computer account may not have replicated to its domain controller yet.
  SidBytes sidOf(const std::string& server, const std::string& account) const;
  // "DOMAIN\name" of an account as `server` resolves it, or nullopt when it
  // does not (ERROR_NONE_MAPPED).
  std::optional<std::string> qualifiedName(const std::string& server, const std::string& account) const;

  std::optional<FolderState> folder(const std::string& server, const std::string& path) const;
  void createFolder(const std::string& server, const std::string& path) const;
  void grant(const std::string& server, const std::string& path, const std::vector<AccessEntry>& entries) const;

  std::optional<ShareState> share(const std::string& server, const std::string& name) const;
  void createShare(const std::string& server, const ShareState& share) const;
  void setSharePermissions(const std::string& server, const std::string& name,
                           const std::vector<AccessEntry>& permissions) const;
  // NetShareDel: the share goes, its folder stays.
  void deleteShare(const std::string& server, const std::string& name) const;
  // The folder and everything in it, through the admin share.
  void deleteFolder(const std::string& server, const std::string& path) const;

 private:
  void deleteTree(const std::wstring& path, const std::string& what) const;
  std::string accountOf(const std::string& server, const SidBytes& sid) const;
  std::vector<AccessEntry> entriesOf(const std::string& server, const ACL* dacl, AccessScope scope) const;
  std::vector<uint8_t> descriptorFor(const std::string& server, const std::vector<AccessEntry>& entries) const;

  FileServerFunctions api_;
};

}  // namespace cf::clusapi
