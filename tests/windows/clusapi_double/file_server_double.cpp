// The file server functions of the test double (FileServerFunctions, under
// the names FileServerDouble_<function>), served from the same lab as the
// ClusAPI ones, so a witness share made through them is the share the
// cluster's witness resource then reaches. Wine's own NetShareAdd answers
// ERROR_NOT_SUPPORTED, and its LookupAccountNameW knows no domain.
//
// Paths arrive as admin-share paths (\\SERVER\C$\FSM_MBX). Accounts get SIDs
// from a table: the well-known ones their real SIDs, domain accounts the
// lab knows a SID in a made-up domain, assigned in the order first looked up.
#include <windows.h>
#include <aclapi.h>
#include <lm.h>
#include <sddl.h>

#include <cstring>
#include <mutex>
#include <optional>
#include <vector>

#include "orchestration/backends/clusapi/access_mask.h"
#include "orchestration/backends/clusapi/utf16.h"
#include "orchestration/backends/clusapi/win/security_descriptor_win.h"
#include "orchestration/model/computer_name.h"
#include "tests/windows/clusapi_double/double_lab.h"

using namespace cf;
using namespace cf::clusapi;
using test::asWin32;
using test::doubleContext;
using test::doubleLab;
using test::narrow;

namespace {

struct Account {
  std::string name;  // as the lab spells it: "CONTOSO\\EXCLUSTER$", "Everyone"
  std::string sid;   // string form
};

std::mutex accountsMutex;
std::vector<Account>& accounts() {
  static std::vector<Account> table = {{"Everyone", "S-1-1-0"},
                                       {"NT AUTHORITY\\SYSTEM", "S-1-5-18"},
                                       {"BUILTIN\\Administrators", "S-1-5-32-544"},
                                       {"BUILTIN\\Users", "S-1-5-32-545"}};
  return table;
}

SidBytes sidBytes(const std::string& text) {
  PSID sid = nullptr;
  if (!ConvertStringSidToSidA(text.c_str(), &sid)) return {};
  auto* bytes = static_cast<uint8_t*>(sid);
  SidBytes out(bytes, bytes + GetLengthSid(sid));
  LocalFree(sid);
  return out;
}

// The account `name` names, qualified with the lab's NetBIOS domain when it is not.
std::optional<Account> lookUpName(const std::string& name) {
  sim::Lab lab = doubleLab().snapshot();
  std::lock_guard<std::mutex> lock(accountsMutex);
  for (const auto& a : accounts()) {
    if (sameName(a.name, name)) return a;
  }
  std::string qualified = name.find('\\') == std::string::npos ? lab.netbiosDomain + "\\" + name : name;
  if (!lab.knowsAccount(qualified)) return std::nullopt;
  for (const auto& a : accounts()) {
    if (sameName(a.name, qualified)) return a;
  }
  accounts().push_back(
      {qualified, "S-1-5-21-1004336348-1177238915-682003330-" + std::to_string(1100 + accounts().size())});
  return accounts().back();
}

std::optional<std::string> nameOfSid(const SidBytes& sid) {
  std::lock_guard<std::mutex> lock(accountsMutex);
  for (const auto& a : accounts()) {
    if (sidBytes(a.sid) == sid) return a.name;
  }
  return std::nullopt;
}

// "\\SERVER\C$\FSM_MBX" as (SERVER, "C:\FSM_MBX"); nullopt for anything else.
std::optional<std::pair<std::string, std::string>> adminPath(LPCWSTR path) {
  std::string text = narrow(path);
  if (text.rfind("\\\\", 0) != 0) return std::nullopt;
  size_t server = text.find('\\', 2);
  if (server == std::string::npos || text.size() < server + 4 || text[server + 2] != '$') return std::nullopt;
  return std::make_pair(text.substr(2, server - 2), text.substr(server + 1, 1) + ":" + text.substr(server + 3));
}

std::vector<AccessEntry> entriesOf(const ACL* dacl, AccessScope scope) {
  std::vector<AccessEntry> out;
  for (const auto& e : allowEntries(dacl)) {
    auto access = accessOfMask(e.mask, scope);
    auto name = nameOfSid(e.sid);
    if (access && name) out.push_back({*name, *access});
  }
  return out;
}

std::vector<uint8_t> descriptorOf(const std::vector<AccessEntry>& entries) {
  std::vector<AllowEntry> allows;
  for (const auto& e : entries) {
    if (auto account = lookUpName(e.account)) allows.push_back({sidBytes(account->sid), accessMask(e.access)});
  }
  return securityDescriptorAllowing(allows);
}

// Copies a name out as the Lookup functions do: sizes in characters, with
// ERROR_INSUFFICIENT_BUFFER and the size needed (with its NUL) when short.
bool copyName(const std::string& text, LPWSTR out, DWORD* chars) {
  std::u16string wide = toUtf16(text);
  if (!out || *chars < wide.size() + 1) {
    *chars = static_cast<DWORD>(wide.size() + 1);
    return false;
  }
  for (size_t i = 0; i < wide.size(); ++i) out[i] = static_cast<wchar_t>(wide[i]);
  out[wide.size()] = 0;
  *chars = static_cast<DWORD>(wide.size());
  return true;
}

}  // namespace

extern "C" {

__declspec(dllexport) BOOL WINAPI
    FileServerDouble_LookupAccountNameW(LPCWSTR, LPCWSTR name, PSID sid, LPDWORD sidSize, LPWSTR domain,
                                        LPDWORD domainChars, PSID_NAME_USE use) {
  auto account = lookUpName(narrow(name));
  if (!account) {
    SetLastError(ERROR_NONE_MAPPED);
    return FALSE;
  }
  SidBytes bytes = sidBytes(account->sid);
  size_t slash = account->name.find('\\');
  std::string domainName = slash == std::string::npos ? "" : account->name.substr(0, slash);
  bool sidFits = sid && *sidSize >= bytes.size();
  *sidSize = static_cast<DWORD>(bytes.size());
  bool domainFits = copyName(domainName, domain, domainChars);
  if (!sidFits || !domainFits) {
    SetLastError(ERROR_INSUFFICIENT_BUFFER);
    return FALSE;
  }
  std::memcpy(sid, bytes.data(), bytes.size());
  *use = SidTypeUser;
  return TRUE;
}

__declspec(dllexport) BOOL WINAPI
    FileServerDouble_LookupAccountSidW(LPCWSTR, PSID sid, LPWSTR name, LPDWORD nameChars, LPWSTR domain,
                                       LPDWORD domainChars, PSID_NAME_USE use) {
  auto* bytes = static_cast<uint8_t*>(sid);
  auto found = nameOfSid(SidBytes(bytes, bytes + GetLengthSid(sid)));
  if (!found) {
    SetLastError(ERROR_NONE_MAPPED);
    return FALSE;
  }
  size_t slash = found->find('\\');
  std::string domainName = slash == std::string::npos ? "" : found->substr(0, slash);
  std::string accountName = slash == std::string::npos ? *found : found->substr(slash + 1);
  bool nameFits = copyName(accountName, name, nameChars);
  bool domainFits = copyName(domainName, domain, domainChars);
  if (!nameFits || !domainFits) {
    SetLastError(ERROR_INSUFFICIENT_BUFFER);
    return FALSE;
  }
  *use = SidTypeUser;
  return TRUE;
}

__declspec(dllexport) BOOL WINAPI FileServerDouble_CreateDirectoryW(LPCWSTR path, LPSECURITY_ATTRIBUTES) {
  auto where = adminPath(path);
  DWORD status = where ? asWin32([&] { doubleLab().createFolder(where->first, where->second, doubleContext()); })
                       : ERROR_BAD_NETPATH;
  SetLastError(status);
  return status == ERROR_SUCCESS;
}

__declspec(dllexport) DWORD WINAPI FileServerDouble_GetFileAttributesW(LPCWSTR path) {
  auto where = adminPath(path);
  std::optional<FolderState> folder;
  DWORD status = where ? asWin32([&] { folder = doubleLab().getFolder(where->first, where->second, doubleContext()); })
                       : ERROR_BAD_NETPATH;
  if (status == ERROR_SUCCESS && !folder) status = ERROR_FILE_NOT_FOUND;
  SetLastError(status);
  return status == ERROR_SUCCESS ? FILE_ATTRIBUTE_DIRECTORY : INVALID_FILE_ATTRIBUTES;
}

__declspec(dllexport) DWORD WINAPI
    FileServerDouble_GetNamedSecurityInfoW(LPCWSTR path, SE_OBJECT_TYPE, SECURITY_INFORMATION, PSID*, PSID*, PACL* dacl,
                                           PACL*, PSECURITY_DESCRIPTOR* descriptor) {
  auto where = adminPath(path);
  std::optional<FolderState> folder;
  DWORD status = where ? asWin32([&] { folder = doubleLab().getFolder(where->first, where->second, doubleContext()); })
                       : ERROR_BAD_NETPATH;
  if (status != ERROR_SUCCESS) return status;
  if (!folder) return ERROR_FILE_NOT_FOUND;
  auto bytes = descriptorOf(folder->acl);
  *descriptor = LocalAlloc(LMEM_FIXED, bytes.size());
  std::memcpy(*descriptor, bytes.data(), bytes.size());
  *dacl = const_cast<ACL*>(daclOf(*descriptor));
  return ERROR_SUCCESS;
}

__declspec(dllexport) DWORD WINAPI
    FileServerDouble_SetNamedSecurityInfoW(LPWSTR path, SE_OBJECT_TYPE, SECURITY_INFORMATION, PSID, PSID, PACL dacl,
                                           PACL) {
  auto where = adminPath(path);
  if (!where) return ERROR_BAD_NETPATH;
  return asWin32([&] {
    doubleLab().setFolderAcl(where->first, where->second, entriesOf(dacl, AccessScope::Ntfs), doubleContext());
  });
}

__declspec(dllexport) NET_API_STATUS WINAPI
    FileServerDouble_NetShareAdd(LMSTR server, DWORD level, LPBYTE buffer, LPDWORD) {
  if (level != 502) return ERROR_INVALID_LEVEL;
  const auto* info = reinterpret_cast<const SHARE_INFO_502*>(buffer);
  ShareState share{narrow(info->shi502_netname), narrow(info->shi502_path),
                   entriesOf(daclOf(info->shi502_security_descriptor), AccessScope::Share),
                   info->shi502_remark ? narrow(info->shi502_remark) : ""};
  return asWin32([&] { doubleLab().createShare(narrow(server), share, doubleContext()); });
}

__declspec(dllexport) NET_API_STATUS WINAPI
    FileServerDouble_NetShareGetInfo(LMSTR server, LMSTR netname, DWORD level, LPBYTE* buffer) {
  if (level != 502) return ERROR_INVALID_LEVEL;
  std::optional<ShareState> share;
  DWORD status = asWin32([&] { share = doubleLab().getShare(narrow(server), narrow(netname), doubleContext()); });
  if (status != ERROR_SUCCESS) return status;
  if (!share) return NERR_NetNameNotFound;
  // One block, freed whole by NetApiBufferFree: the structure, its strings, its descriptor.
  std::u16string name = toUtf16(share->name), path = toUtf16(share->path), remark = toUtf16(share->remark);
  auto descriptor = descriptorOf(share->permissions);
  size_t size = sizeof(SHARE_INFO_502) + (name.size() + path.size() + remark.size() + 3) * sizeof(wchar_t) +
                descriptor.size() + 8;
  auto* block = static_cast<uint8_t*>(LocalAlloc(LMEM_FIXED | LMEM_ZEROINIT, size));
  auto* info = reinterpret_cast<SHARE_INFO_502*>(block);
  auto* text = reinterpret_cast<wchar_t*>(block + sizeof(SHARE_INFO_502));
  info->shi502_netname = text;
  for (char16_t c : name) *text++ = static_cast<wchar_t>(c);
  *text++ = 0;
  info->shi502_path = text;
  for (char16_t c : path) *text++ = static_cast<wchar_t>(c);
  *text++ = 0;
  info->shi502_remark = text;
  for (char16_t c : remark) *text++ = static_cast<wchar_t>(c);
  *text++ = 0;
  auto* sd = reinterpret_cast<uint8_t*>(text) + (8 - reinterpret_cast<uintptr_t>(text) % 8) % 8;
  std::memcpy(sd, descriptor.data(), descriptor.size());
  info->shi502_security_descriptor = sd;
  *buffer = block;
  return NERR_Success;
}

__declspec(dllexport) NET_API_STATUS WINAPI
    FileServerDouble_NetShareSetInfo(LMSTR server, LMSTR netname, DWORD level, LPBYTE buffer, LPDWORD) {
  if (level != 1501) return ERROR_INVALID_LEVEL;
  const auto* info = reinterpret_cast<const SHARE_INFO_1501*>(buffer);
  auto permissions = entriesOf(daclOf(info->shi1501_security_descriptor), AccessScope::Share);
  return asWin32(
      [&] { doubleLab().setSharePermissions(narrow(server), narrow(netname), permissions, doubleContext()); });
}

__declspec(dllexport) NET_API_STATUS WINAPI FileServerDouble_NetShareDel(LMSTR server, LMSTR netname, DWORD) {
  return asWin32([&] { doubleLab().deleteShare(narrow(server), narrow(netname), doubleContext()); });
}

// The lab's folders hold no files: a folder lists empty, and removing it is
// the lab's deleteFolder (which refuses a folder still shared).
__declspec(dllexport) HANDLE WINAPI FileServerDouble_FindFirstFileW(LPCWSTR, LPWIN32_FIND_DATAW) {
  SetLastError(ERROR_FILE_NOT_FOUND);
  return INVALID_HANDLE_VALUE;
}

__declspec(dllexport) BOOL WINAPI FileServerDouble_FindNextFileW(HANDLE, LPWIN32_FIND_DATAW) {
  SetLastError(ERROR_NO_MORE_FILES);
  return FALSE;
}

__declspec(dllexport) BOOL WINAPI FileServerDouble_FindClose(HANDLE) { return TRUE; }

__declspec(dllexport) BOOL WINAPI FileServerDouble_DeleteFileW(LPCWSTR) {
  SetLastError(ERROR_FILE_NOT_FOUND);
  return FALSE;
}

__declspec(dllexport) BOOL WINAPI FileServerDouble_RemoveDirectoryW(LPCWSTR path) {
  auto where = adminPath(path);
  DWORD status = where ? asWin32([&] { doubleLab().deleteFolder(where->first, where->second, doubleContext()); })
                       : ERROR_BAD_NETPATH;
  SetLastError(status);
  return status == ERROR_SUCCESS;
}

__declspec(dllexport) NET_API_STATUS WINAPI FileServerDouble_NetApiBufferFree(LPVOID buffer) {
  LocalFree(buffer);
  return NERR_Success;
}

}  // extern "C"
