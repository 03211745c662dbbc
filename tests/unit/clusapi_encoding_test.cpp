// The ClusAPI backend's byte formats: UTF-16 text, CLUSPROP property lists
// (checked byte for byte) and access masks. Built and run on Linux and under Wine.
#include <gtest/gtest.h>

#include "orchestration/backends/clusapi/access_mask.h"
#include "orchestration/backends/clusapi/property_list.h"
#include "orchestration/backends/clusapi/utf16.h"

namespace cf::clusapi {
namespace {

TEST(Utf16, RoundTripsEveryPlane) {
  std::string text = "EXCLUSTER \xC3\xA9\xE2\x82\xAC\xF0\x9F\x96\xA5";  // é € and a character beyond the BMP
  std::u16string wide = toUtf16(text);
  EXPECT_EQ(wide, (std::u16string{u'E', u'X', u'C', u'L', u'U', u'S', u'T', u'E', u'R', u' ', 0x00E9, 0x20AC, 0xD83D,
                                  0xDDA5}));
  EXPECT_EQ(toUtf8(wide), text);
}

TEST(Utf16, RefusesMalformedInput) {
  for (const char* bad : {"\x80", "\xC3", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF"}) {
    EXPECT_THROW(toUtf16(bad), std::invalid_argument) << static_cast<int>(static_cast<unsigned char>(bad[0]));
  }
  EXPECT_THROW(toUtf8(std::u16string{0xD800}), std::invalid_argument);
  EXPECT_THROW(toUtf8(std::u16string{0xDC00, u'a'}), std::invalid_argument);
}

TEST(PropertyList, EncodesRoleByteForByte) {
  auto bytes = encodePropertyList({{"Role", {uint32_t{1}}}});
  std::vector<uint8_t> expected = {
      1,   0, 0,   0,                              // one property
      3,   0, 4,   0, 10,  0, 0,   0,              // CLUSPROP_SYNTAX_NAME, 10 bytes
      'R', 0, 'o', 0, 'l', 0, 'e', 0, 0, 0, 0, 0,  // L"Role\0", padded to 12
      2,   0, 1,   0, 4,   0, 0,   0, 1, 0, 0, 0,  // LIST_VALUE_DWORD, 4 bytes, 1
      0,   0, 0,   0,                              // ENDMARK
  };
  EXPECT_EQ(bytes, expected);
}

TEST(PropertyList, RoundTripsDwordsStringsAndSeveralValues) {
  std::vector<Property> list = {{"Metric", {uint32_t{1000}}},
                                {"SharePath", {std::string("\\\\EX-HUB1\\FSM_MBX")}},
                                {"Name", {std::string("Private"), std::string("Cluster Network 2")}}};
  auto back = decodePropertyList(encodePropertyList(list));
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(dwordProperty(back, "Metric"), 1000u);
  EXPECT_EQ(stringProperty(back, "SharePath"), "\\\\EX-HUB1\\FSM_MBX");
  EXPECT_EQ(back[2].values.size(), 2u);
  EXPECT_EQ(stringProperty(back, "Name"), "Private");
  EXPECT_FALSE(dwordProperty(back, "Name"));
  EXPECT_FALSE(dwordProperty(back, "Nope"));
}

TEST(PropertyList, RefusesWhatOverrunsTheBuffer) {
  auto bytes = encodePropertyList({{"Role", {uint32_t{3}}}});
  for (size_t cut = 1; cut < bytes.size(); ++cut) {
    std::vector<uint8_t> truncated(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(cut));
    EXPECT_THROW(decodePropertyList(truncated), std::invalid_argument) << cut;
  }
  auto lying = bytes;
  lying[8] = 0xFF;  // name length far past the end
  EXPECT_THROW(decodePropertyList(lying), std::invalid_argument);
  std::vector<uint8_t> hugeCount = {0xFF, 0xFF, 0xFF, 0x7F};
  EXPECT_THROW(decodePropertyList(hugeCount), std::invalid_argument);
}

TEST(AccessMask, EachRightRoundTripsInItsScope) {
  for (Access a : {Access::Read, Access::Modify, Access::FullControl})
    EXPECT_EQ(accessOfMask(accessMask(a), AccessScope::Ntfs), a);
  for (Access a : {Access::Read, Access::Change, Access::FullControl})
    EXPECT_EQ(accessOfMask(accessMask(a), AccessScope::Share), a);
}

TEST(AccessMask, GenericRightsCountAsWhatTheyMeanForFiles) {
  EXPECT_EQ(accessOfMask(0x10000000, AccessScope::Ntfs), Access::FullControl);  // GENERIC_ALL
  EXPECT_EQ(accessOfMask(0xA0000000, AccessScope::Ntfs), Access::Read);         // GENERIC_READ | GENERIC_EXECUTE
  EXPECT_EQ(accessOfMask(0xE0010000, AccessScope::Share), Access::Change);      // + GENERIC_WRITE and DELETE
}

TEST(AccessMask, LessThanReadIsASpecialPermission) {
  EXPECT_FALSE(accessOfMask(0x100001, AccessScope::Ntfs));  // list folder only
  EXPECT_FALSE(accessOfMask(0, AccessScope::Share));
}

}  // namespace
}  // namespace cf::clusapi
