// Access lists and security descriptors in the Windows security API's binary
// forms, built and read for the file server: a share's descriptor (what
// NetShareAdd's SHARE_INFO_502 carries), a folder's DACL with an entry added
// or raised, and the allow entries a DACL holds. Pure: nothing here touches a
// server.
#pragma once

#include <windows.h>

#include <cstdint>
#include <string>
#include <vector>

namespace cf::clusapi {

// A SID in its binary form, owned.
using SidBytes = std::vector<uint8_t>;

struct AllowEntry {
  SidBytes sid;
  uint32_t mask = 0;
};

// A self-relative security descriptor whose DACL allows exactly `entries`.
std::vector<uint8_t> securityDescriptorAllowing(const std::vector<AllowEntry>& entries);

// `current` (may be null) with `entry` added, or an entry for the same SID
// raised to it, inherited by what the folder contains; the other entries are
// kept. A list that already grants it is returned unchanged: Windows would
// merge a second grant into the entry, Wine appends another.
std::vector<uint8_t> aclWithGrant(const ACL* current, const AllowEntry& entry);

// Whether the DACL grants `sid` every right of `mask` in one allow entry
// (a null DACL grants everyone everything).
bool aclGrants(const ACL* dacl, const SidBytes& sid, uint32_t mask);

// The DACL's allow entries in order (deny and object entries left out).
std::vector<AllowEntry> allowEntries(const ACL* dacl);

// The descriptor's DACL; null when it has none, which allows everyone everything.
const ACL* daclOf(const void* descriptor);

}  // namespace cf::clusapi
