// SimulatedBackend: folders, shares and their permissions on a file server,
// as the service account sees them through the admin share and the Net APIs.
#include <algorithm>
#include <cctype>

#include "orchestration/backends/simulated/simulated_backend.h"
#include "orchestration/model/computer_name.h"
#include "orchestration/model/win32_error.h"

namespace cf::sim {

namespace {

// The folder's permissions when created under a volume root, inherited from it.
std::vector<AccessEntry> inheritedAcl() {
  return {{"BUILTIN\\Administrators", Access::FullControl},
          {"NT AUTHORITY\\SYSTEM", Access::FullControl},
          {"BUILTIN\\Users", Access::Read}};
}

}  // namespace

LabServer& SimulatedBackend::administeredServer(const std::string& name) {
  LabServer& server = reachableServer(name);
  if (!server.isAdministrator(lab_.serviceAccount)) {
    throw BackendFailure(win32::kAccessDenied, lab_.serviceAccount + " is not an administrator on " +
                                                   server.facts.name +
                                                   "; add it to the local Administrators group there");
  }
  return server;
}

LabServer& SimulatedBackend::serverReachedThroughAdminShare(const std::string& name, const std::string& path) {
  LabServer& server = administeredServer(name);
  if (!server.adminShares) {
    throw BackendFailure(win32::kBadNetName, "\\\\" + server.facts.name + "\\" + path.substr(0, 1) + "$ (for " + path +
                                                 ") is not shared: the administrative shares are turned off there "
                                                 "(AutoShareServer = 0)");
  }
  return server;
}

void SimulatedBackend::requireKnownAccounts(const std::vector<AccessEntry>& entries) {
  for (const auto& e : entries) {
    if (!lab_.knowsAccount(e.account)) {
      throw BackendFailure(win32::kNoneMapped, "no account named " + e.account + " is known to " + lab_.domain);
    }
  }
}

std::optional<FolderState> SimulatedBackend::getFolder(const std::string& server, const std::string& path,
                                                       const OperationContext& ctx) {
  return observe(ctx, "getFolder", server, [&]() -> std::optional<FolderState> {
    if (FolderState* folder = serverReachedThroughAdminShare(server, path).findFolder(path)) return *folder;
    return std::nullopt;
  });
}

void SimulatedBackend::createFolder(const std::string& server, const std::string& path, const OperationContext& ctx) {
  auto check = [&] {
    LabServer& s = serverReachedThroughAdminShare(server, path);
    std::string drive = path.size() >= 3 && path[1] == ':' && path[2] == '\\' ? path.substr(0, 1) : "";
    bool volume =
        std::any_of(s.volumes.begin(), s.volumes.end(), [&](const std::string& v) { return sameName(v, drive); });
    if (!volume) throw BackendFailure(win32::kPathNotFound, s.facts.name + " has no volume for " + path);
    if (s.findFolder(path)) throw BackendFailure(win32::kAlreadyExists, path + " already exists on " + s.facts.name);
  };
  change(ctx, "createFolder", server, {"creating " + path + " on " + server}, check, [&] {
    serverReachedThroughAdminShare(server, path).folders.push_back({path, inheritedAcl()});
  });
}

void SimulatedBackend::setFolderAcl(const std::string& server, const std::string& path,
                                    const std::vector<AccessEntry>& acl, const OperationContext& ctx) {
  auto check = [&] {
    if (!serverReachedThroughAdminShare(server, path).findFolder(path)) {
      throw BackendFailure(win32::kPathNotFound, path + " does not exist on " + server);
    }
    requireKnownAccounts(acl);
  };
  change(ctx, "setFolderAcl", server, {"setting NTFS permissions of " + path}, check,
         [&] { serverReachedThroughAdminShare(server, path).findFolder(path)->acl = acl; });
}

std::optional<ShareState> SimulatedBackend::getShare(const std::string& server, const std::string& share,
                                                     const OperationContext& ctx) {
  return observe(ctx, "getShare", server, [&]() -> std::optional<ShareState> {
    LabServer& s = administeredServer(server);
    if (ShareState* found = s.findShare(share)) return *found;
    // A volume's administrative share (C$), when they are on.
    bool administrative = share.size() == 2 && share[1] == '$' &&
                          std::any_of(s.volumes.begin(), s.volumes.end(),
                                      [&](const std::string& v) { return sameName(v, share.substr(0, 1)); });
    if (administrative && s.adminShares) {
      std::string drive = share.substr(0, 1);
      for (auto& c : drive) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return ShareState{drive + "$", drive + ":\\", {{"BUILTIN\\Administrators", Access::FullControl}}, "Default share"};
    }
    return std::nullopt;
  });
}

void SimulatedBackend::createShare(const std::string& server, const ShareState& share, const OperationContext& ctx) {
  auto check = [&] {
    LabServer& s = administeredServer(server);
    if (s.findShare(share.name)) {
      throw BackendFailure(win32::kDuplicateShare,
                           "a share named " + share.name + " already exists on " + s.facts.name);
    }
    if (!s.findFolder(share.path)) {
      throw BackendFailure(win32::kUnknownDevDir, share.path + " does not exist on " + s.facts.name);
    }
    requireKnownAccounts(share.permissions);
  };
  change(ctx, "createShare", server, {"sharing " + share.path + " as " + share.name}, check,
         [&] { administeredServer(server).shares.push_back(share); });
}

void SimulatedBackend::setSharePermissions(const std::string& server, const std::string& share,
                                           const std::vector<AccessEntry>& permissions, const OperationContext& ctx) {
  auto check = [&] {
    if (!administeredServer(server).findShare(share)) {
      throw BackendFailure(win32::kNetNameNotFound, "no share named " + share + " on " + server);
    }
    requireKnownAccounts(permissions);
  };
  change(ctx, "setSharePermissions", server, {"setting the permissions of share " + share}, check,
         [&] { administeredServer(server).findShare(share)->permissions = permissions; });
}

void SimulatedBackend::deleteShare(const std::string& server, const std::string& share, const OperationContext& ctx) {
  auto check = [&] {
    if (!administeredServer(server).findShare(share)) {
      throw BackendFailure(win32::kNetNameNotFound, "no share named " + share + " on " + server);
    }
  };
  change(ctx, "deleteShare", server, {"removing share " + share + " from " + server}, check, [&] {
    auto& shares = administeredServer(server).shares;
    shares.erase(
        std::remove_if(shares.begin(), shares.end(), [&](const ShareState& s) { return sameName(s.name, share); }),
        shares.end());
  });
}

void SimulatedBackend::deleteFolder(const std::string& server, const std::string& path, const OperationContext& ctx) {
  auto check = [&] {
    LabServer& s = serverReachedThroughAdminShare(server, path);
    if (!s.findFolder(path)) throw BackendFailure(win32::kPathNotFound, path + " does not exist on " + server);
    // A shared folder cannot be removed while the share holds it open.
    for (const auto& share : s.shares) {
      if (sameName(share.path, path)) {
        throw BackendFailure(win32::kSharingViolation, path + " on " + server + " is still shared as " + share.name);
      }
    }
  };
  change(ctx, "deleteFolder", server, {"removing " + path + " from " + server}, check, [&] {
    auto& folders = serverReachedThroughAdminShare(server, path).folders;
    folders.erase(
        std::remove_if(folders.begin(), folders.end(), [&](const FolderState& f) { return sameName(f.path, path); }),
        folders.end());
  });
}

bool SimulatedBackend::canWrite(const std::string& account, const std::string& server, const std::string& share,
                                const OperationContext& ctx) {
  return observe(ctx, "canWrite", server, [&] {
    LabServer& s = reachableServer(server);
    ShareState* found = s.findShare(share);
    if (!found) throw BackendFailure(win32::kBadNetName, "\\\\" + s.facts.name + "\\" + share + " does not exist");
    return canWriteThrough(*found, s.findFolder(found->path), account);
  });
}

}  // namespace cf::sim
