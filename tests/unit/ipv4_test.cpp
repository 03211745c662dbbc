#include <gtest/gtest.h>

#include "orchestration/model/ipv4.h"

namespace cf {
namespace {

TEST(Ipv4Address, ParsesDottedQuad) {
  auto a = Ipv4Address::parse("10.0.0.50");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->value(), 0x0A000032u);
  EXPECT_EQ(a->toString(), "10.0.0.50");
  EXPECT_TRUE(Ipv4Address::parse("255.255.255.255"));
  EXPECT_TRUE(Ipv4Address::parse("0.0.0.0"));
}

TEST(Ipv4Address, RejectsEverythingElse) {
  for (const char* bad : {"", "10.0.0", "10.0.0.0.1", "10.0.0.256", "010.0.0.1", "10.0.0.1 ", " 10.0.0.1", "10..0.1",
                          "a.b.c.d", "10.0.0.-1", "1e1.0.0.1", "::1", "10.0.0.1/24", "1000.0.0.1"}) {
    EXPECT_FALSE(Ipv4Address::parse(bad)) << bad;
  }
}

TEST(Subnet, NormalisesToNetworkAndTestsMembership) {
  Subnet s(*Ipv4Address::parse("192.168.10.77"), 24);
  EXPECT_EQ(s.toString(), "192.168.10.0/24");
  EXPECT_TRUE(s.contains(*Ipv4Address::parse("192.168.10.1")));
  EXPECT_FALSE(s.contains(*Ipv4Address::parse("192.168.11.1")));
  EXPECT_TRUE(s.isNetworkAddress(*Ipv4Address::parse("192.168.10.0")));
  EXPECT_TRUE(s.isBroadcastAddress(*Ipv4Address::parse("192.168.10.255")));
  EXPECT_FALSE(s.isBroadcastAddress(*Ipv4Address::parse("192.168.10.254")));
}

TEST(Subnet, ParsesCidrOnlyWithTheNetworkAddress) {
  ASSERT_TRUE(Subnet::parseCidr("10.0.0.0/24"));
  EXPECT_EQ(Subnet::parseCidr("10.0.0.0/24")->prefixLength(), 24);
  EXPECT_FALSE(Subnet::parseCidr("10.0.0.5/24"));  // host bits set
  EXPECT_FALSE(Subnet::parseCidr("10.0.0.0/33"));
  EXPECT_FALSE(Subnet::parseCidr("10.0.0.0/"));
  EXPECT_FALSE(Subnet::parseCidr("10.0.0.0"));
  EXPECT_FALSE(Subnet::parseCidr("10.0.0.0/2x"));
}

TEST(Subnet, PrefixLengthOfAMask) {
  EXPECT_EQ(prefixLengthOf(*Ipv4Address::parse("255.255.255.0")), 24);
  EXPECT_EQ(prefixLengthOf(*Ipv4Address::parse("255.255.240.0")), 20);
  EXPECT_EQ(prefixLengthOf(Ipv4Address(prefixMask(32))), 32);
  EXPECT_EQ(prefixLengthOf(Ipv4Address(0)), 0);
}

TEST(Ipv4Address, NamesAddressesNoHostMayUse) {
  EXPECT_TRUE(unusableHostAddressReason(*Ipv4Address::parse("127.0.0.1")));
  EXPECT_TRUE(unusableHostAddressReason(*Ipv4Address::parse("169.254.1.1")));
  EXPECT_TRUE(unusableHostAddressReason(*Ipv4Address::parse("224.0.0.5")));
  EXPECT_TRUE(unusableHostAddressReason(*Ipv4Address::parse("0.1.2.3")));
  EXPECT_TRUE(unusableHostAddressReason(*Ipv4Address::parse("255.255.255.255")));
  EXPECT_FALSE(unusableHostAddressReason(*Ipv4Address::parse("10.0.0.50")));
}

}  // namespace
}  // namespace cf
