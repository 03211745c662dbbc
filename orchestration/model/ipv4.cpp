#include "orchestration/model/ipv4.h"

#include <vector>

namespace cf {

std::optional<Ipv4Address> Ipv4Address::parse(const std::string& text) {
  uint32_t value = 0;
  int octets = 0;
  size_t i = 0;
  while (octets < 4) {
    size_t start = i;
    uint32_t octet = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 3) {
      octet = octet * 10 + static_cast<uint32_t>(text[i] - '0');
      ++i;
    }
    size_t digits = i - start;
    if (digits == 0 || octet > 255 || (digits > 1 && text[start] == '0')) return std::nullopt;
    value = (value << 8) | octet;
    ++octets;
    if (octets < 4) {
      if (i >= text.size() || text[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != text.size()) return std::nullopt;
  return Ipv4Address(value);
}

std::string Ipv4Address::toString() const {
  return std::to_string(value_ >> 24) + "." + std::to_string((value_ >> 16) & 0xFF) + "." +
         std::to_string((value_ >> 8) & 0xFF) + "." + std::to_string(value_ & 0xFF);
}

uint32_t prefixMask(int prefixLength) {
  if (prefixLength <= 0) return 0;
  if (prefixLength >= 32) return 0xFFFFFFFFu;
  return ~((1u << (32 - prefixLength)) - 1u);
}

int prefixLengthOf(Ipv4Address mask) {
  int prefix = 0;
  for (uint32_t bits = mask.value(); bits & 0x80000000u; bits <<= 1) ++prefix;
  return prefix;
}

Subnet::Subnet(Ipv4Address anyAddressInside, int prefixLength)
    : network_(anyAddressInside.value() & prefixMask(prefixLength)), prefixLength_(prefixLength) {}

std::optional<Subnet> Subnet::parseCidr(const std::string& text) {
  auto slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  auto address = Ipv4Address::parse(text.substr(0, slash));
  std::string prefixText = text.substr(slash + 1);
  if (!address || prefixText.empty() || prefixText.size() > 2) return std::nullopt;
  for (char c : prefixText) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  int prefix = std::stoi(prefixText);
  if (prefix > 32) return std::nullopt;
  Subnet subnet(*address, prefix);
  if (subnet.network() != *address) return std::nullopt;
  return subnet;
}

bool Subnet::contains(Ipv4Address a) const { return (a.value() & prefixMask(prefixLength_)) == network_.value(); }

bool Subnet::isBroadcastAddress(Ipv4Address a) const {
  if (prefixLength_ >= 31) return false;
  return a.value() == (network_.value() | ~prefixMask(prefixLength_));
}

std::string Subnet::toString() const { return network_.toString() + "/" + std::to_string(prefixLength_); }

std::optional<std::string> unusableHostAddressReason(Ipv4Address a) {
  uint32_t v = a.value();
  if ((v >> 24) == 0) return "addresses in 0.0.0.0/8 do not identify a host";
  if ((v >> 24) == 127) return "loopback addresses cannot be cluster addresses";
  if ((v >> 16) == 0xA9FE) return "link-local (APIPA) addresses cannot be cluster addresses";
  if ((v >> 28) == 0xE) return "multicast addresses cannot be host addresses";
  if ((v >> 28) == 0xF) return "reserved and broadcast addresses cannot be host addresses";
  return std::nullopt;
}

}  // namespace cf
