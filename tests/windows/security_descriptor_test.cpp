// Security descriptors and access lists, built and read with the Windows
// security API under Wine, on well-known accounts.
#include <gtest/gtest.h>

#include <windows.h>

#include "orchestration/backends/clusapi/win/security_descriptor_win.h"

namespace cf::clusapi {
namespace {

SidBytes wellKnown(WELL_KNOWN_SID_TYPE type) {
  DWORD size = SECURITY_MAX_SID_SIZE;
  SidBytes sid(size);
  EXPECT_TRUE(CreateWellKnownSid(type, nullptr, sid.data(), &size));
  sid.resize(size);
  return sid;
}

TEST(SecurityDescriptor, AllowsExactlyTheEntriesItIsGiven) {
  auto sid = wellKnown(WinBuiltinAdministratorsSid);
  auto descriptor = securityDescriptorAllowing({{sid, 0x1F01FF}});
  ASSERT_TRUE(IsValidSecurityDescriptor(descriptor.data()));
  const ACL* dacl = daclOf(descriptor.data());
  ASSERT_NE(dacl, nullptr);
  ASSERT_EQ(dacl->AceCount, 1u);
  void* ace = nullptr;
  ASSERT_TRUE(GetAce(const_cast<ACL*>(dacl), 0, &ace));
  auto* allowed = static_cast<ACCESS_ALLOWED_ACE*>(ace);
  EXPECT_EQ(allowed->Header.AceType, ACCESS_ALLOWED_ACE_TYPE);
  EXPECT_EQ(allowed->Mask, 0x1F01FFu);
  EXPECT_TRUE(EqualSid(&allowed->SidStart, sid.data()));
}

TEST(SecurityDescriptor, AGrantAddsOrRaisesAnEntryAndKeepsWhatIsThere) {
  auto admins = wellKnown(WinBuiltinAdministratorsSid);
  auto users = wellKnown(WinBuiltinUsersSid);
  auto withAdmins = aclWithGrant(nullptr, {admins, 0x1F01FF});
  auto* first = reinterpret_cast<const ACL*>(withAdmins.data());
  EXPECT_TRUE(aclGrants(first, admins, 0x1F01FF));
  EXPECT_FALSE(aclGrants(first, users, FILE_GENERIC_READ));
  auto both = aclWithGrant(first, {users, 0x1200A9});
  auto* second = reinterpret_cast<const ACL*>(both.data());
  EXPECT_TRUE(aclGrants(second, users, 0x1200A9));
  EXPECT_FALSE(aclGrants(second, users, 0x1F01FF));
  EXPECT_TRUE(aclGrants(second, admins, 0x1F01FF));  // kept
  EXPECT_EQ(second->AceCount, 2u);
  EXPECT_EQ(aclWithGrant(second, {users, 0x1200A9}).size(), both.size());  // granting again adds nothing
  auto raised = aclWithGrant(second, {users, 0x1F01FF});
  EXPECT_TRUE(aclGrants(reinterpret_cast<const ACL*>(raised.data()), users, 0x1F01FF));
  bool adminsListed = false;
  for (const auto& e : allowEntries(reinterpret_cast<const ACL*>(raised.data()))) {
    adminsListed = adminsListed || (EqualSid(const_cast<uint8_t*>(e.sid.data()), admins.data()) && e.mask == 0x1F01FFu);
  }
  EXPECT_TRUE(adminsListed);
}

TEST(SecurityDescriptor, NoDaclAllowsEveryoneEverything) {
  SECURITY_DESCRIPTOR empty;
  ASSERT_TRUE(InitializeSecurityDescriptor(&empty, SECURITY_DESCRIPTOR_REVISION));
  EXPECT_EQ(daclOf(&empty), nullptr);
  EXPECT_TRUE(aclGrants(nullptr, wellKnown(WinBuiltinUsersSid), 0x1F01FF));
}

}  // namespace
}  // namespace cf::clusapi
