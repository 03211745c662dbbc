#include "orchestration/backends/clusapi/win/file_server_win.h"

#include <sddl.h>

#include "orchestration/backends/clusapi/win/cluster_connection_win.h"
#include "orchestration/model/win32_error.h"

namespace cf::clusapi {

namespace {

constexpr DWORD kShareTypeDisk = 0;  // STYPE_DISKTREE
constexpr DWORD kNerrNetNameNotFound = 2310;

struct LocalMemory {
  HLOCAL memory = nullptr;
  ~LocalMemory() {
    if (memory) LocalFree(memory);
  }
};

// A folder's DACL as GetNamedSecurityInfoW returns it, with the descriptor it points into.
struct FolderDacl {
  LocalMemory descriptor;
  PACL dacl = nullptr;
};

// Frees what NetShareGetInfo allocates, however the scope is left.
struct NetBuffer {
  const FileServerFunctions& api;
  LPBYTE bytes = nullptr;
  ~NetBuffer() {
    if (bytes) api.NetApiBufferFree(bytes);
  }
};

void readDacl(const FileServerFunctions& api, const std::wstring& remote, const std::string& server,
              const std::string& path, FolderDacl& out) {
  DWORD status =
      api.GetNamedSecurityInfoW(remote.c_str(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr, &out.dacl,
                                nullptr, reinterpret_cast<PSECURITY_DESCRIPTOR*>(&out.descriptor.memory));
  if (status != ERROR_SUCCESS) throwWin32(status, "cannot read the permissions of " + path + " on " + server);
}

std::wstring serverArgument(const std::string& server) { return server.empty() ? std::wstring() : toWide(server); }

const wchar_t* orNull(const std::wstring& text) { return text.empty() ? nullptr : text.c_str(); }

}  // namespace

FileServerFunctions systemFileServerFunctions() {
  FileServerFunctions f;
  f.CreateDirectoryW = &::CreateDirectoryW;
  f.GetFileAttributesW = &::GetFileAttributesW;
  f.GetNamedSecurityInfoW = &::GetNamedSecurityInfoW;
  f.SetNamedSecurityInfoW = &::SetNamedSecurityInfoW;
  f.LookupAccountNameW = &::LookupAccountNameW;
  f.LookupAccountSidW = &::LookupAccountSidW;
  f.NetShareAdd = &::NetShareAdd;
  f.NetShareGetInfo = &::NetShareGetInfo;
  f.NetShareSetInfo = &::NetShareSetInfo;
  f.NetApiBufferFree = &::NetApiBufferFree;
  f.NetShareDel = &::NetShareDel;
  f.RemoveDirectoryW = &::RemoveDirectoryW;
  f.DeleteFileW = &::DeleteFileW;
  f.FindFirstFileW = &::FindFirstFileW;
  f.FindNextFileW = &::FindNextFileW;
  f.FindClose = &::FindClose;
  return f;
}

std::wstring adminSharePath(const std::string& server, const std::string& localPath) {
  // Local paths are checked before they get here (LocalFolderPath): "C:\..." only.
  return L"\\\\" + toWide(server) + L"\\" + toWide(localPath.substr(0, 1)) + L"$" + toWide(localPath.substr(2));
}

SidBytes FileServer::sidOf(const std::string& server, const std::string& account) const {
  std::wstring system = serverArgument(server), name = toWide(account);
  DWORD sidSize = 0, domainChars = 0;
  SID_NAME_USE use;
  api_.LookupAccountNameW(orNull(system), name.c_str(), nullptr, &sidSize, nullptr, &domainChars, &use);
  DWORD error = GetLastError();
  if (error != ERROR_INSUFFICIENT_BUFFER) {
    throwWin32(error, "the account " + account + " is not known" + (server.empty() ? "" : " to " + server));
  }
  SidBytes sid(sidSize);
  std::wstring domain(domainChars, L'\0');
  if (!api_.LookupAccountNameW(orNull(system), name.c_str(), sid.data(), &sidSize, domain.data(), &domainChars, &use)) {
    throwWin32(GetLastError(), "looking up the account " + account);
  }
  return sid;
}

std::optional<std::string> FileServer::qualifiedName(const std::string& server, const std::string& account) const {
  try {
    return accountOf(server, sidOf(server, account));
  } catch (const BackendFailure& f) {
    if (f.error().code == win32::kNoneMapped) return std::nullopt;
    throw;
  }
}

std::string FileServer::accountOf(const std::string& server, const SidBytes& sid) const {
  std::wstring system = serverArgument(server);
  wchar_t name[256], domain[256];
  DWORD nameChars = 256, domainChars = 256;
  SID_NAME_USE use;
  if (api_.LookupAccountSidW(orNull(system), const_cast<uint8_t*>(sid.data()), name, &nameChars, domain, &domainChars,
                             &use)) {
    return domainChars == 0 || domain[0] == 0 ? fromWide(name) : fromWide(domain) + "\\" + fromWide(name);
  }
  // An account deleted since the entry was made: show it as Windows does, by its SID.
  LocalMemory text;
  if (ConvertSidToStringSidW(const_cast<uint8_t*>(sid.data()), reinterpret_cast<LPWSTR*>(&text.memory))) {
    return fromWide(static_cast<const wchar_t*>(text.memory));
  }
  return "unknown account";
}

std::vector<AccessEntry> FileServer::entriesOf(const std::string& server, const ACL* dacl, AccessScope scope) const {
  if (!dacl) return {{"Everyone", Access::FullControl}};
  std::vector<AccessEntry> out;
  for (const auto& e : allowEntries(dacl)) {
    if (auto access = accessOfMask(e.mask, scope)) out.push_back({accountOf(server, e.sid), *access});
  }
  return out;
}

std::vector<uint8_t> FileServer::descriptorFor(const std::string& server,
                                               const std::vector<AccessEntry>& entries) const {
  std::vector<AllowEntry> allows;
  for (const auto& e : entries) allows.push_back({sidOf(server, e.account), accessMask(e.access)});
  return securityDescriptorAllowing(allows);
}

std::optional<FolderState> FileServer::folder(const std::string& server, const std::string& path) const {
  std::wstring remote = adminSharePath(server, path);
  DWORD attributes = api_.GetFileAttributesW(remote.c_str());
  if (attributes == INVALID_FILE_ATTRIBUTES) {
    DWORD error = GetLastError();
    if (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND) return std::nullopt;
    throwWin32(error, "cannot read " + path + " on " + server);
  }
  if (!(attributes & FILE_ATTRIBUTE_DIRECTORY))
    throwWin32(ERROR_DIRECTORY, path + " on " + server + " is a file, not a folder");
  FolderDacl current;
  readDacl(api_, remote, server, path, current);
  return FolderState{path, entriesOf(server, current.dacl, AccessScope::Ntfs)};
}

void FileServer::createFolder(const std::string& server, const std::string& path) const {
  if (!api_.CreateDirectoryW(adminSharePath(server, path).c_str(), nullptr)) {
    throwWin32(GetLastError(), "cannot create " + path + " on " + server);
  }
}

void FileServer::grant(const std::string& server, const std::string& path,
                       const std::vector<AccessEntry>& entries) const {
  std::wstring remote = adminSharePath(server, path);
  FolderDacl current;
  readDacl(api_, remote, server, path, current);
  const auto* bytes = reinterpret_cast<const uint8_t*>(current.dacl);
  std::vector<uint8_t> acl =
      bytes ? std::vector<uint8_t>(bytes, bytes + current.dacl->AclSize) : std::vector<uint8_t>();
  for (const auto& e : entries) {
    const ACL* now = acl.empty() ? nullptr : reinterpret_cast<const ACL*>(acl.data());
    acl = aclWithGrant(now, {sidOf(server, e.account), accessMask(e.access)});
  }
  DWORD status = api_.SetNamedSecurityInfoW(remote.data(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr,
                                            reinterpret_cast<PACL>(acl.data()), nullptr);
  if (status != ERROR_SUCCESS) throwWin32(status, "cannot set the permissions of " + path + " on " + server);
}

std::optional<ShareState> FileServer::share(const std::string& server, const std::string& name) const {
  std::wstring system = toWide(server), netname = toWide(name);
  NetBuffer buffer{api_};
  DWORD status = api_.NetShareGetInfo(system.data(), netname.data(), 502, &buffer.bytes);
  if (status == kNerrNetNameNotFound) return std::nullopt;
  if (status != NERR_Success) throwWin32(status, "cannot read share " + name + " on " + server);
  const auto* info = reinterpret_cast<const SHARE_INFO_502*>(buffer.bytes);
  return ShareState{fromWide(info->shi502_netname), fromWide(info->shi502_path),
                    entriesOf(server, daclOf(info->shi502_security_descriptor), AccessScope::Share),
                    info->shi502_remark ? fromWide(info->shi502_remark) : ""};
}

void FileServer::createShare(const std::string& server, const ShareState& share) const {
  std::wstring system = toWide(server), netname = toWide(share.name), path = toWide(share.path);
  std::wstring remark = toWide(share.remark);
  auto descriptor = descriptorFor(server, share.permissions);
  SHARE_INFO_502 info{};
  info.shi502_netname = netname.data();
  info.shi502_type = kShareTypeDisk;
  info.shi502_remark = remark.data();
  info.shi502_max_uses = MAXDWORD;
  info.shi502_path = path.data();
  info.shi502_security_descriptor = descriptor.data();
  DWORD badParameter = 0;
  DWORD status = api_.NetShareAdd(system.data(), 502, reinterpret_cast<LPBYTE>(&info), &badParameter);
  if (status != NERR_Success) throwWin32(status, "cannot share " + share.path + " as " + share.name + " on " + server);
}

void FileServer::setSharePermissions(const std::string& server, const std::string& name,
                                     const std::vector<AccessEntry>& permissions) const {
  std::wstring system = toWide(server), netname = toWide(name);
  auto descriptor = descriptorFor(server, permissions);
  SHARE_INFO_1501 info{};
  info.shi1501_security_descriptor = descriptor.data();
  DWORD badParameter = 0;
  DWORD status =
      api_.NetShareSetInfo(system.data(), netname.data(), 1501, reinterpret_cast<LPBYTE>(&info), &badParameter);
  if (status != NERR_Success) throwWin32(status, "cannot set the permissions of share " + name + " on " + server);
}

void FileServer::deleteShare(const std::string& server, const std::string& name) const {
  std::wstring system = toWide(server), netname = toWide(name);
  DWORD status = api_.NetShareDel(system.data(), netname.data(), 0);
  if (status != NERR_Success) throwWin32(status, "cannot remove share " + name + " from " + server);
}

void FileServer::deleteTree(const std::wstring& path, const std::string& what) const {
  WIN32_FIND_DATAW entry;
  HANDLE find = api_.FindFirstFileW((path + L"\\*").c_str(), &entry);
  if (find != INVALID_HANDLE_VALUE) {
    do {
      std::wstring name = entry.cFileName;
      if (name == L"." || name == L"..") continue;
      std::wstring child = path + L"\\" + name;
      if (entry.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) {
        deleteTree(child, what);
      } else if (!api_.DeleteFileW(child.c_str())) {
        throwWin32(GetLastError(), "cannot delete " + fromWide(child) + " while removing " + what);
      }
    } while (api_.FindNextFileW(find, &entry));
    api_.FindClose(find);
  }
  if (!api_.RemoveDirectoryW(path.c_str())) throwWin32(GetLastError(), "cannot remove " + what);
}

void FileServer::deleteFolder(const std::string& server, const std::string& path) const {
  deleteTree(adminSharePath(server, path), path + " on " + server);
}

}  // namespace cf::clusapi
