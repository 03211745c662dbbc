// Permissions for the file share witness on the witness server: the cluster
// account's SID, the share's security descriptor (for NetShareAdd's
// SHARE_INFO_502) and the folder's NTFS grant. Another piece of the ClusAPI
// backend (issue 4).
//
// Right after a cluster is created its computer account may not have reached
// the domain controller the witness server asks, so a lookup that finds no
// such account (ERROR_NONE_MAPPED) is reported as transient and retried by
// the job runner (CLUSAPI-NOTES.md).
#pragma once

#include <windows.h>

#include <string>
#include <vector>

namespace cf::clusapi {

// A SID in its binary form, owned.
using SidBytes = std::vector<uint8_t>;

// LookupAccountNameW on `server` (empty: this computer). Throws BackendFailure.
SidBytes sidForAccount(const std::string& server, const std::string& account);

// A self-relative security descriptor whose DACL grants `sid` full control
// and no one else anything: the witness share's permissions.
std::vector<uint8_t> shareSecurityDescriptor(const SidBytes& sid);

// `current` (may be null) with full control for `sid` added or upgraded,
// inherited by what the folder contains; the other entries are kept.
std::vector<uint8_t> aclWithFullControl(const ACL* current, const SidBytes& sid);

// Whether the DACL grants `sid` every right of `mask` in one allow entry
// (a null DACL grants everyone everything).
bool aclGrants(const ACL* dacl, const SidBytes& sid, DWORD mask);

// Applies aclWithFullControl to the folder's DACL. Throws BackendFailure.
void grantFolderFullControl(const std::string& path, const SidBytes& sid);

// Whether the folder's DACL grants `sid` every right of `mask`.
bool folderGrants(const std::string& path, const SidBytes& sid, DWORD mask);

}  // namespace cf::clusapi
