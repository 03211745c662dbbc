#include "orchestration/model/witness_path.h"

#include <cctype>

#include "orchestration/model/computer_name.h"

namespace cf {

namespace {

// Characters Windows refuses in share names and path components.
bool forbidden(unsigned char c) {
  return c < 32 || c == '"' || c == '/' || c == '\\' || c == '[' || c == ']' || c == ':' || c == '|' || c == '<' ||
         c == '>' || c == '+' || c == '=' || c == ';' || c == ',' || c == '?' || c == '*';
}

}  // namespace

// A NetBIOS name, or a DNS name whose labels are letters, digits and hyphens.
std::optional<std::string> serverNameProblem(const std::string& server) {
  if (server.find('.') == std::string::npos) return computerNameProblem(server);
  if (server.size() > 253) return "is longer than a DNS name may be";
  size_t start = 0;
  while (start <= server.size()) {
    size_t end = server.find('.', start);
    if (end == std::string::npos) end = server.size();
    std::string label = server.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return "is not a valid DNS name";
    for (unsigned char c : label) {
      if (!std::isalnum(c) && c != '-') return "is not a valid DNS name";
    }
    start = end + 1;
  }
  return std::nullopt;
}

std::optional<std::string> shareNameProblem(const std::string& share) {
  if (share.empty()) return "names no share";
  if (share.size() > 80) return "has a share name longer than 80 characters";
  for (unsigned char c : share) {
    if (forbidden(c)) return "has a character a share name cannot hold";
  }
  return std::nullopt;
}

std::optional<std::string> witnessPathProblem(const std::string& path) {
  if (path.size() < 5 || path.compare(0, 2, "\\\\") != 0) return "must be a UNC path like \\\\EX-HUB1\\FSM_MBX";
  std::string rest = path.substr(2);
  auto slash = rest.find('\\');
  if (slash == std::string::npos) return "must name a share after the server (\\\\server\\share)";
  std::string server = rest.substr(0, slash), share = rest.substr(slash + 1);
  if (auto problem = serverNameProblem(server)) return "names server '" + server + "', which " + *problem;
  if (share.find('\\') != std::string::npos)
    return "must be the root of a share (\\\\server\\share), not a folder in it";
  if (auto problem = shareNameProblem(share)) return *problem;
  if (share.back() == '$') return "names a hidden administrative share; use a share of its own";
  return std::nullopt;
}

std::optional<WitnessPath> parseWitnessPath(const std::string& path) {
  if (witnessPathProblem(path)) return std::nullopt;
  std::string rest = path.substr(2);
  auto slash = rest.find('\\');
  std::string server = rest.substr(0, slash);
  return WitnessPath{server.find('.') == std::string::npos ? canonicalName(server) : server, rest.substr(slash + 1)};
}

std::string toString(const WitnessPath& path) { return "\\\\" + path.server + "\\" + path.share; }

std::optional<std::string> localFolderPathProblem(const std::string& path) {
  if (path.size() < 4 || !std::isalpha(static_cast<unsigned char>(path[0])) || path[1] != ':' || path[2] != '\\') {
    return "must be an absolute folder path on the file server, like C:\\FSM_MBX";
  }
  if (path.size() > 248) return "must be at most 248 characters";
  size_t start = 3;
  while (start < path.size()) {
    size_t end = path.find('\\', start);
    if (end == std::string::npos) end = path.size();
    std::string part = path.substr(start, end - start);
    if (part.empty()) return "has an empty folder name (two backslashes, or one at the end)";
    if (part == "." || part == "..") return "must not contain . or .. components";
    if (part.back() == ' ' || part.back() == '.') return "has a folder name ending in a space or a dot";
    for (unsigned char c : part) {
      if (c < 32 || c == '"' || c == '/' || c == ':' || c == '|' || c == '<' || c == '>' || c == '?' || c == '*') {
        return "has a character a folder name cannot hold";
      }
    }
    start = end + 1;
  }
  return std::nullopt;
}

namespace {
const char* const kFolderSuffix = ", folder included";
}  // namespace

std::string witnessShareRemark(const std::string& cluster, bool folderMadeToo) {
  return "File share witness of " + cluster + ", made by ClusterForge" + (folderMadeToo ? kFolderSuffix : "");
}

WitnessShareMark readWitnessShareRemark(const std::string& remark, const std::string& cluster) {
  if (remark == witnessShareRemark(cluster, true)) return {true, true};
  if (remark == witnessShareRemark(cluster, false)) return {true, false};
  return {};
}

}  // namespace cf
