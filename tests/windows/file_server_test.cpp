// The file server's folder permissions against a folder whose DACL holds
// what the model cannot express (a deny entry, a special permission): the
// view leaves them out, and a grant keeps them. The security functions are
// stand-ins over one DACL; account lookups are Windows' own (well-known
// accounts, under Wine).
#include <gtest/gtest.h>

#include <windows.h>
#include <aclapi.h>

#include <cstring>
#include <string>
#include <vector>

#include "orchestration/backends/clusapi/win/file_server_win.h"

namespace cf::clusapi {
namespace {

std::vector<uint8_t> folderAcl;
std::wstring lastPath;

// The server is this computer, so that Windows' own lookups answer.
std::string thisComputer() {
  char name[MAX_COMPUTERNAME_LENGTH + 1];
  DWORD size = sizeof name;
  GetComputerNameA(name, &size);
  return name;
}

SidBytes wellKnown(WELL_KNOWN_SID_TYPE type) {
  DWORD size = SECURITY_MAX_SID_SIZE;
  SidBytes sid(size);
  CreateWellKnownSid(type, nullptr, sid.data(), &size);
  sid.resize(size);
  return sid;
}

DWORD WINAPI attributes(LPCWSTR path) {
  lastPath = path;
  return FILE_ATTRIBUTE_DIRECTORY;
}

DWORD WINAPI readSecurity(LPCWSTR path, SE_OBJECT_TYPE, SECURITY_INFORMATION, PSID*, PSID*, PACL* dacl, PACL*,
                          PSECURITY_DESCRIPTOR* descriptor) {
  lastPath = path;
  SECURITY_DESCRIPTOR absolute;
  InitializeSecurityDescriptor(&absolute, SECURITY_DESCRIPTOR_REVISION);
  SetSecurityDescriptorDacl(&absolute, TRUE, reinterpret_cast<PACL>(folderAcl.data()), FALSE);
  DWORD size = 0;
  MakeSelfRelativeSD(&absolute, nullptr, &size);
  *descriptor = LocalAlloc(LMEM_FIXED, size);
  MakeSelfRelativeSD(&absolute, *descriptor, &size);
  *dacl = const_cast<ACL*>(daclOf(*descriptor));
  return ERROR_SUCCESS;
}

DWORD WINAPI writeSecurity(LPWSTR path, SE_OBJECT_TYPE, SECURITY_INFORMATION, PSID, PSID, PACL dacl, PACL) {
  lastPath = path;
  folderAcl.assign(reinterpret_cast<uint8_t*>(dacl), reinterpret_cast<uint8_t*>(dacl) + dacl->AclSize);
  return ERROR_SUCCESS;
}

// Administrators: full control; Everyone: denied writing; Users: list only.
void startWithAFolderOfSomeoneElses() {
  auto admins = wellKnown(WinBuiltinAdministratorsSid), everyone = wellKnown(WinWorldSid),
       users = wellKnown(WinBuiltinUsersSid);
  folderAcl.assign(1024, 0);
  auto* acl = reinterpret_cast<PACL>(folderAcl.data());
  ASSERT_TRUE(InitializeAcl(acl, static_cast<DWORD>(folderAcl.size()), ACL_REVISION));
  ASSERT_TRUE(AddAccessDeniedAce(acl, ACL_REVISION, FILE_GENERIC_WRITE, everyone.data()));
  ASSERT_TRUE(AddAccessAllowedAce(acl, ACL_REVISION, 0x1F01FF, admins.data()));
  ASSERT_TRUE(AddAccessAllowedAce(acl, ACL_REVISION, 0x100001, users.data()));
}

FileServer standIns() {
  FileServerFunctions f = systemFileServerFunctions();
  f.GetFileAttributesW = attributes;
  f.GetNamedSecurityInfoW = readSecurity;
  f.SetNamedSecurityInfoW = writeSecurity;
  return FileServer(f);
}

int denyEntries(const ACL* acl) {
  int count = 0;
  for (DWORD i = 0; i < acl->AceCount; ++i) {
    void* ace = nullptr;
    GetAce(const_cast<ACL*>(acl), i, &ace);
    count += static_cast<ACE_HEADER*>(ace)->AceType == ACCESS_DENIED_ACE_TYPE;
  }
  return count;
}

TEST(FileServer, TheViewShowsWholeRightsOnlyThroughTheAdminShare) {
  startWithAFolderOfSomeoneElses();
  std::string server = thisComputer();
  auto folder = standIns().folder(server, "C:\\FSM_MBX");
  EXPECT_EQ(lastPath, L"\\\\" + std::wstring(server.begin(), server.end()) + L"\\C$\\FSM_MBX");
  ASSERT_TRUE(folder);
  ASSERT_EQ(folder->acl.size(), 1u);  // neither the deny nor the list-only entry is a right of the dialogs
  EXPECT_EQ(folder->acl[0].access, Access::FullControl);
  EXPECT_NE(folder->acl[0].account.find("Administrators"), std::string::npos) << folder->acl[0].account;
}

TEST(FileServer, AGrantAddsTheRightAndKeepsWhatItCannotExpress) {
  startWithAFolderOfSomeoneElses();
  standIns().grant(thisComputer(), "C:\\FSM_MBX", {{"BUILTIN\\Users", Access::Modify}});
  const auto* acl = reinterpret_cast<const ACL*>(folderAcl.data());
  EXPECT_TRUE(aclGrants(acl, wellKnown(WinBuiltinUsersSid), 0x1301BF));
  EXPECT_TRUE(aclGrants(acl, wellKnown(WinBuiltinAdministratorsSid), 0x1F01FF));
  EXPECT_EQ(denyEntries(acl), 1);
}

}  // namespace
}  // namespace cf::clusapi
