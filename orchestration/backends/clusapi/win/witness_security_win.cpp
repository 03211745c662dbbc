#include "orchestration/backends/clusapi/win/witness_security_win.h"

#include <aclapi.h>

#include "orchestration/backends/clusapi/win/cluster_connection_win.h"
#include "orchestration/win32_error.h"

namespace cf::clusapi {

namespace {

constexpr DWORD kFileAllAccess = 0x1F01FF;

PSID asSid(const SidBytes& sid) { return const_cast<uint8_t*>(sid.data()); }

// Frees what the ACL functions allocate, however the scope is left.
struct LocalMemory {
  HLOCAL memory = nullptr;
  ~LocalMemory() {
    if (memory) LocalFree(memory);
  }
};

// Full control for `sid`, as SetEntriesInAclW takes it.
EXPLICIT_ACCESS_W fullControlFor(const SidBytes& sid, DWORD inheritance) {
  EXPLICIT_ACCESS_W grant{};
  grant.grfAccessPermissions = kFileAllAccess;
  grant.grfAccessMode = GRANT_ACCESS;
  grant.grfInheritance = inheritance;
  grant.Trustee.TrusteeForm = TRUSTEE_IS_SID;
  grant.Trustee.TrusteeType = TRUSTEE_IS_USER;
  grant.Trustee.ptstrName = reinterpret_cast<LPWSTR>(asSid(sid));
  return grant;
}

}  // namespace

SidBytes sidForAccount(const std::string& server, const std::string& account) {
  std::wstring system = toWide(server), name = toWide(account);
  DWORD sidSize = 0, domainChars = 0;
  SID_NAME_USE use;
  LookupAccountNameW(server.empty() ? nullptr : system.c_str(), name.c_str(), nullptr, &sidSize, nullptr, &domainChars, &use);
  DWORD error = GetLastError();
  if (error != ERROR_INSUFFICIENT_BUFFER) {
    throwWin32(error, "the account " + account + " is not known" + (server.empty() ? "" : " to " + server));
  }
  SidBytes sid(sidSize);
  std::wstring domain(domainChars, L'\0');
  if (!LookupAccountNameW(server.empty() ? nullptr : system.c_str(), name.c_str(), asSid(sid), &sidSize, domain.data(),
                          &domainChars, &use)) {
    throwWin32(GetLastError(), "looking up the account " + account);
  }
  return sid;
}

std::vector<uint8_t> shareSecurityDescriptor(const SidBytes& sid) {
  EXPLICIT_ACCESS_W grant = fullControlFor(sid, NO_INHERITANCE);
  LocalMemory acl;
  DWORD status = SetEntriesInAclW(1, &grant, nullptr, reinterpret_cast<PACL*>(&acl.memory));
  if (status != ERROR_SUCCESS) throwWin32(status, "building the share's access list");

  SECURITY_DESCRIPTOR absolute;
  if (!InitializeSecurityDescriptor(&absolute, SECURITY_DESCRIPTOR_REVISION) ||
      !SetSecurityDescriptorDacl(&absolute, TRUE, static_cast<PACL>(acl.memory), FALSE)) {
    throwWin32(GetLastError(), "building the share's security descriptor");
  }
  DWORD size = 0;
  MakeSelfRelativeSD(&absolute, nullptr, &size);
  std::vector<uint8_t> relative(size);
  if (!MakeSelfRelativeSD(&absolute, relative.data(), &size)) throwWin32(GetLastError(), "packing the security descriptor");
  return relative;
}

std::vector<uint8_t> aclWithFullControl(const ACL* current, const SidBytes& sid) {
  // Already granted: keep the list as it is. Windows would merge a second
  // grant into the entry, Wine appends another; neither is needed.
  if (current && aclGrants(current, sid, kFileAllAccess)) {
    const auto* bytes = reinterpret_cast<const uint8_t*>(current);
    return std::vector<uint8_t>(bytes, bytes + current->AclSize);
  }
  EXPLICIT_ACCESS_W grant = fullControlFor(sid, SUB_CONTAINERS_AND_OBJECTS_INHERIT);
  LocalMemory updated;
  DWORD status = SetEntriesInAclW(1, &grant, const_cast<ACL*>(current), reinterpret_cast<PACL*>(&updated.memory));
  if (status != ERROR_SUCCESS) throwWin32(status, "adding to an access list");
  const auto* bytes = static_cast<const uint8_t*>(updated.memory);
  return std::vector<uint8_t>(bytes, bytes + static_cast<const ACL*>(updated.memory)->AclSize);
}

bool aclGrants(const ACL* dacl, const SidBytes& sid, DWORD mask) {
  if (!dacl) return true;
  for (DWORD i = 0; i < dacl->AceCount; ++i) {
    void* ace = nullptr;
    if (!GetAce(const_cast<ACL*>(dacl), i, &ace)) continue;
    if (static_cast<ACE_HEADER*>(ace)->AceType != ACCESS_ALLOWED_ACE_TYPE) continue;
    auto* allowed = static_cast<ACCESS_ALLOWED_ACE*>(ace);
    if (EqualSid(&allowed->SidStart, asSid(sid)) && (allowed->Mask & mask) == mask) return true;
  }
  return false;
}

void grantFolderFullControl(const std::string& path, const SidBytes& sid) {
  std::wstring folder = toWide(path);
  PACL current = nullptr;
  LocalMemory descriptor;
  DWORD status = GetNamedSecurityInfoW(folder.c_str(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr,
                                       &current, nullptr, reinterpret_cast<PSECURITY_DESCRIPTOR*>(&descriptor.memory));
  if (status != ERROR_SUCCESS) throwWin32(status, "reading the permissions of " + path);
  auto updated = aclWithFullControl(current, sid);
  status = SetNamedSecurityInfoW(folder.data(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr,
                                 reinterpret_cast<PACL>(updated.data()), nullptr);
  if (status != ERROR_SUCCESS) throwWin32(status, "setting the permissions of " + path);
}

bool folderGrants(const std::string& path, const SidBytes& sid, DWORD mask) {
  PACL dacl = nullptr;
  LocalMemory descriptor;
  DWORD status = GetNamedSecurityInfoW(toWide(path).c_str(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr,
                                       nullptr, &dacl, nullptr, reinterpret_cast<PSECURITY_DESCRIPTOR*>(&descriptor.memory));
  if (status != ERROR_SUCCESS) throwWin32(status, "reading the permissions of " + path);
  return aclGrants(dacl, sid, mask);
}

}  // namespace cf::clusapi
