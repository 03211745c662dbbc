#include "orchestration/backends/clusapi/win/security_descriptor_win.h"

#include <aclapi.h>

#include "orchestration/backends/clusapi/win/cluster_connection_win.h"

namespace cf::clusapi {

namespace {

PSID asSid(const SidBytes& sid) { return const_cast<uint8_t*>(sid.data()); }

// Frees what the ACL functions allocate, however the scope is left.
struct LocalMemory {
  HLOCAL memory = nullptr;
  ~LocalMemory() {
    if (memory) LocalFree(memory);
  }
};

EXPLICIT_ACCESS_W grantFor(const AllowEntry& entry, DWORD inheritance) {
  EXPLICIT_ACCESS_W grant{};
  grant.grfAccessPermissions = entry.mask;
  grant.grfAccessMode = GRANT_ACCESS;
  grant.grfInheritance = inheritance;
  grant.Trustee.TrusteeForm = TRUSTEE_IS_SID;
  grant.Trustee.TrusteeType = TRUSTEE_IS_UNKNOWN;
  grant.Trustee.ptstrName = reinterpret_cast<LPWSTR>(asSid(entry.sid));
  return grant;
}

std::vector<uint8_t> copyOf(const ACL* acl) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(acl);
  return std::vector<uint8_t>(bytes, bytes + acl->AclSize);
}

}  // namespace

std::vector<uint8_t> securityDescriptorAllowing(const std::vector<AllowEntry>& entries) {
  std::vector<EXPLICIT_ACCESS_W> grants;
  for (const auto& e : entries) grants.push_back(grantFor(e, NO_INHERITANCE));
  LocalMemory acl;
  DWORD status =
      SetEntriesInAclW(static_cast<ULONG>(grants.size()), grants.data(), nullptr, reinterpret_cast<PACL*>(&acl.memory));
  if (status != ERROR_SUCCESS) throwWin32(status, "building an access list");

  SECURITY_DESCRIPTOR absolute;
  if (!InitializeSecurityDescriptor(&absolute, SECURITY_DESCRIPTOR_REVISION) ||
      !SetSecurityDescriptorDacl(&absolute, TRUE, static_cast<PACL>(acl.memory), FALSE)) {
    throwWin32(GetLastError(), "building a security descriptor");
  }
  DWORD size = 0;
  MakeSelfRelativeSD(&absolute, nullptr, &size);
  std::vector<uint8_t> relative(size);
  if (!MakeSelfRelativeSD(&absolute, relative.data(), &size))
    throwWin32(GetLastError(), "packing a security descriptor");
  return relative;
}

std::vector<uint8_t> aclWithGrant(const ACL* current, const AllowEntry& entry) {
  if (current && aclGrants(current, entry.sid, entry.mask)) return copyOf(current);
  EXPLICIT_ACCESS_W grant = grantFor(entry, SUB_CONTAINERS_AND_OBJECTS_INHERIT);
  LocalMemory updated;
  DWORD status = SetEntriesInAclW(1, &grant, const_cast<ACL*>(current), reinterpret_cast<PACL*>(&updated.memory));
  if (status != ERROR_SUCCESS) throwWin32(status, "adding to an access list");
  return copyOf(static_cast<const ACL*>(updated.memory));
}

bool aclGrants(const ACL* dacl, const SidBytes& sid, uint32_t mask) {
  if (!dacl) return true;
  for (const auto& e : allowEntries(dacl)) {
    if (EqualSid(asSid(e.sid), asSid(sid)) && (e.mask & mask) == mask) return true;
  }
  return false;
}

std::vector<AllowEntry> allowEntries(const ACL* dacl) {
  std::vector<AllowEntry> out;
  for (DWORD i = 0; dacl && i < dacl->AceCount; ++i) {
    void* ace = nullptr;
    if (!GetAce(const_cast<ACL*>(dacl), i, &ace)) continue;
    if (static_cast<ACE_HEADER*>(ace)->AceType != ACCESS_ALLOWED_ACE_TYPE) continue;
    auto* allowed = static_cast<ACCESS_ALLOWED_ACE*>(ace);
    auto* sid = reinterpret_cast<uint8_t*>(&allowed->SidStart);
    out.push_back({SidBytes(sid, sid + GetLengthSid(sid)), allowed->Mask});
  }
  return out;
}

const ACL* daclOf(const void* descriptor) {
  BOOL present = FALSE, defaulted = FALSE;
  PACL dacl = nullptr;
  if (!descriptor || !GetSecurityDescriptorDacl(const_cast<void*>(descriptor), &present, &dacl, &defaulted) ||
      !present) {
    return nullptr;
  }
  return dacl;
}

}  // namespace cf::clusapi
