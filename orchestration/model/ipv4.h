// IPv4 addresses and subnets as the cluster model uses them.
//
// Parsing is strict on purpose: dotted-quad only, no leading zeros (which some
// parsers read as octal), each octet 0..255. A Subnet is always normalised to
// its network address, so two spellings of one subnet compare equal.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace cf {

class Ipv4Address {
 public:
  Ipv4Address() = default;
  explicit Ipv4Address(uint32_t value) : value_(value) {}

  static std::optional<Ipv4Address> parse(const std::string& text);

  uint32_t value() const { return value_; }
  std::string toString() const;

  bool operator==(const Ipv4Address& o) const { return value_ == o.value_; }
  bool operator!=(const Ipv4Address& o) const { return value_ != o.value_; }
  bool operator<(const Ipv4Address& o) const { return value_ < o.value_; }

 private:
  uint32_t value_ = 0;
};

// Mask for a prefix length of 0..32.
uint32_t prefixMask(int prefixLength);
// The prefix length of a subnet mask (its leading one bits): 255.255.255.0 -> 24.
int prefixLengthOf(Ipv4Address mask);

class Subnet {
 public:
  Subnet() = default;
  Subnet(Ipv4Address anyAddressInside, int prefixLength);

  // "10.0.0.0/24"; the address part must be the network address itself.
  static std::optional<Subnet> parseCidr(const std::string& text);

  Ipv4Address network() const { return network_; }
  int prefixLength() const { return prefixLength_; }
  bool contains(Ipv4Address a) const;
  bool isNetworkAddress(Ipv4Address a) const { return a == network_; }
  bool isBroadcastAddress(Ipv4Address a) const;
  std::string toString() const;

  bool operator==(const Subnet& o) const { return network_ == o.network_ && prefixLength_ == o.prefixLength_; }
  bool operator!=(const Subnet& o) const { return !(*this == o); }
  bool operator<(const Subnet& o) const {
    return network_ < o.network_ || (network_ == o.network_ && prefixLength_ < o.prefixLength_);
  }

 private:
  Ipv4Address network_;
  int prefixLength_ = 0;
};

// Why an address cannot be a host's unicast address, or nullopt when it can.
std::optional<std::string> unusableHostAddressReason(Ipv4Address a);

}  // namespace cf
