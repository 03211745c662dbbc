// Paths a file share witness is described with: the UNC path the cluster
// uses ("\\EX-HUB1\FSM_MBX") and the folder on the file server that backs the
// share ("C:\FSM_MBX"). Parsing is strict: a witness must be the root of a
// share on a named server, and a local path an absolute path on a drive.
#pragma once

#include <optional>
#include <string>

namespace cf {

struct WitnessPath {
  std::string server;  // canonical (upper case) when a NetBIOS name
  std::string share;
};

// Why `name` is neither a NetBIOS name nor a DNS name, or nullopt.
std::optional<std::string> serverNameProblem(const std::string& name);
// Why `share` cannot be a share name (empty, too long, a forbidden character), or nullopt.
std::optional<std::string> shareNameProblem(const std::string& share);

// Why `path` is not \\server\share, or nullopt.
std::optional<std::string> witnessPathProblem(const std::string& path);
std::optional<WitnessPath> parseWitnessPath(const std::string& path);
std::string toString(const WitnessPath& path);

// The mark ClusterForge leaves in the remark of a witness share it made, and
// what the mark says: destroying a cluster removes a share only with this
// mark, and its folder only when the mark says ClusterForge made that too.
std::string witnessShareRemark(const std::string& cluster, bool folderMadeToo);
struct WitnessShareMark {
  bool madeByClusterForge = false;
  bool folderMadeToo = false;
};
WitnessShareMark readWitnessShareRemark(const std::string& remark, const std::string& cluster);

// Why `path` is not an absolute local folder path like C:\FSM_MBX, or nullopt.
std::optional<std::string> localFolderPathProblem(const std::string& path);

}  // namespace cf
