// The witness share's and folder's permissions, built and applied with the
// Windows security API under Wine, on well-known accounts (a domain's
// cluster account exists only in a domain).
#include <gtest/gtest.h>

#include <windows.h>

#include "orchestration/backends/clusapi/win/witness_security_win.h"
#include "orchestration/win32_error.h"
#include "tests/support/win32_code.h"

namespace cf::clusapi {
namespace {

SidBytes wellKnown(WELL_KNOWN_SID_TYPE type) {
  DWORD size = SECURITY_MAX_SID_SIZE;
  SidBytes sid(size);
  EXPECT_TRUE(CreateWellKnownSid(type, nullptr, sid.data(), &size));
  sid.resize(size);
  return sid;
}

TEST(WitnessSecurity, LooksUpAccountsAndCallsAnUnknownOneTransient) {
  auto everyone = sidForAccount("", "Everyone");
  EXPECT_TRUE(EqualSid(everyone.data(), wellKnown(WinWorldSid).data()));
  try {
    sidForAccount("", "CONTOSO\\EXCLUSTER$");
    FAIL() << "an account outside any domain resolved";
  } catch (const BackendFailure& f) {
    EXPECT_EQ(f.error().code, win32::kNoneMapped);
    EXPECT_TRUE(f.error().transient);  // the cluster's account may not have replicated yet
  }
}

TEST(WitnessSecurity, TheShareDescriptorGrantsTheAccountFullControlAndNoOneElse) {
  auto sid = wellKnown(WinBuiltinAdministratorsSid);
  auto descriptor = shareSecurityDescriptor(sid);
  ASSERT_TRUE(IsValidSecurityDescriptor(descriptor.data()));
  BOOL present = FALSE, defaulted = FALSE;
  PACL dacl = nullptr;
  ASSERT_TRUE(GetSecurityDescriptorDacl(descriptor.data(), &present, &dacl, &defaulted));
  ASSERT_TRUE(present);
  ASSERT_EQ(dacl->AceCount, 1u);
  void* ace = nullptr;
  ASSERT_TRUE(GetAce(dacl, 0, &ace));
  auto* allowed = static_cast<ACCESS_ALLOWED_ACE*>(ace);
  EXPECT_EQ(allowed->Header.AceType, ACCESS_ALLOWED_ACE_TYPE);
  EXPECT_EQ(allowed->Mask, 0x1F01FFu);
  EXPECT_TRUE(EqualSid(&allowed->SidStart, sid.data()));
}

TEST(WitnessSecurity, TheFolderGrantAddsFullControlAndKeepsWhatIsThere) {
  auto admins = wellKnown(WinBuiltinAdministratorsSid);
  auto users = wellKnown(WinBuiltinUsersSid);
  auto withAdmins = aclWithFullControl(nullptr, admins);
  auto* first = reinterpret_cast<const ACL*>(withAdmins.data());
  EXPECT_TRUE(aclGrants(first, admins, 0x1F01FF));
  EXPECT_FALSE(aclGrants(first, users, FILE_GENERIC_READ));
  auto both = aclWithFullControl(first, users);
  auto* second = reinterpret_cast<const ACL*>(both.data());
  EXPECT_TRUE(aclGrants(second, users, 0x1F01FF));
  EXPECT_TRUE(aclGrants(second, admins, 0x1F01FF));  // kept
  EXPECT_EQ(second->AceCount, 2u);
  EXPECT_EQ(aclWithFullControl(second, users).size(), both.size());  // granting again adds nothing
}

TEST(WitnessSecurity, AppliesTheGrantToAFolderAndNamesAMissingOne) {
  // Wine accepts a folder's new DACL without keeping it (a read returns its
  // default one), so here the call path and its errors are what is checked.
  char temp[MAX_PATH];
  GetTempPathA(MAX_PATH, temp);
  std::string folder = std::string(temp) + "clusterforge-fsm-" + std::to_string(GetCurrentProcessId());
  ASSERT_TRUE(CreateDirectoryA(folder.c_str(), nullptr));
  auto users = wellKnown(WinBuiltinUsersSid);
  EXPECT_EQ(test::win32CodeOf([&] { grantFolderFullControl(folder, users); }), 0u);
  EXPECT_EQ(test::win32CodeOf([&] { grantFolderFullControl(folder + "\\missing", users); }), 2u);  // ERROR_FILE_NOT_FOUND
  RemoveDirectoryA(folder.c_str());
}

}  // namespace
}  // namespace cf::clusapi
