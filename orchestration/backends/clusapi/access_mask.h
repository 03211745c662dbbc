// The rights of the Windows permission dialogs (Access) as the access masks
// a DACL holds, and back. Share and NTFS entries use the same masks: Full
// Control 0x1F01FF, Change (share) or Modify (NTFS) 0x1301BF, Read (NTFS
// "Read & execute") 0x1200A9. Generic rights, as an entry written by another
// tool may hold, count as the rights they map to for files.
#pragma once

#include <cstdint>
#include <optional>

#include "orchestration/model/cluster_model.h"

namespace cf::clusapi {

enum class AccessScope { Share, Ntfs };

constexpr uint32_t kFullControlMask = 0x1F01FF;
constexpr uint32_t kModifyMask = 0x1301BF;
constexpr uint32_t kReadMask = 0x1200A9;

uint32_t accessMask(Access access);
// The strongest right the mask grants whole, or nullopt when it grants less
// than Read (a special permission the dialogs would show as such).
std::optional<Access> accessOfMask(uint32_t mask, AccessScope scope);

}  // namespace cf::clusapi
