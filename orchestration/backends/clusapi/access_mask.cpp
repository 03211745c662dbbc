#include "orchestration/backends/clusapi/access_mask.h"

namespace cf::clusapi {

namespace {

constexpr uint32_t kGenericAll = 0x10000000, kGenericExecute = 0x20000000, kGenericWrite = 0x40000000,
                   kGenericRead = 0x80000000;

// What the generic rights mean for a file or folder (FILE_GENERIC_*).
uint32_t withGenericRightsMapped(uint32_t mask) {
  uint32_t mapped = mask & 0x0FFFFFFF;
  if (mask & kGenericAll) mapped |= kFullControlMask;
  if (mask & kGenericRead) mapped |= 0x120089;
  if (mask & kGenericWrite) mapped |= 0x120116;
  if (mask & kGenericExecute) mapped |= 0x1200A0;
  return mapped;
}

bool has(uint32_t mask, uint32_t rights) { return (mask & rights) == rights; }

}  // namespace

uint32_t accessMask(Access access) {
  switch (access) {
    case Access::FullControl: return kFullControlMask;
    case Access::Change:
    case Access::Modify: return kModifyMask;
    case Access::Read: return kReadMask;
  }
  return 0;
}

std::optional<Access> accessOfMask(uint32_t mask, AccessScope scope) {
  uint32_t mapped = withGenericRightsMapped(mask);
  if (has(mapped, kFullControlMask)) return Access::FullControl;
  if (has(mapped, kModifyMask)) return scope == AccessScope::Share ? Access::Change : Access::Modify;
  if (has(mapped, kReadMask)) return Access::Read;
  return std::nullopt;
}

}  // namespace cf::clusapi
