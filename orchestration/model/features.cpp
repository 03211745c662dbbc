#include "orchestration/model/features.h"

#include <cstdio>

#include "orchestration/model/computer_name.h"

namespace cf {

const std::vector<FeatureInfo>& knownFeatures() {
  static const std::vector<FeatureInfo> features = {
      {"Failover-Clustering", "Failover Clustering", false},
      {"PowerShell", "Windows PowerShell", false, "6.0", "6.0", "6.1"},
      {"Web-Server", "Web Server (IIS)", false},
      {"Web-ISAPI-Ext", "ISAPI Extensions", false},
      {"Web-Metabase", "IIS 6 Metabase Compatibility", false},
      {"Web-Lgcy-Mgmt-Console", "IIS 6 Management Console", false},
      {"Web-Basic-Auth", "Basic Authentication", false},
      {"Web-Windows-Auth", "Windows Authentication", false},
      {"Multipath-IO", "Multipath I/O", true},
      {"NET-Framework-Core", ".NET Framework 3.5", true, "6.1", "", "", "6.2"},
      {"RSAT-Clustering", "Failover Clustering Tools", false},
      {"RSAT-Clustering-PowerShell", "Failover Cluster Module for Windows PowerShell", false, "6.2"},
      {"RSAT-Clustering-CmdInterface", "Failover Cluster Command Interface", false, "6.2"},
      {"File-Services", "File Services", false},
      {"AD-Domain-Services", "Active Directory Domain Services", true},
      {"DNS", "DNS Server", false},
  };
  return features;
}

const FeatureInfo* findFeature(const std::string& name) {
  for (const auto& f : knownFeatures()) {
    if (sameName(f.name, name)) return &f;
  }
  return nullptr;
}

bool osVersionAtLeast(const std::string& version, int major, int minor) {
  int haveMajor = 0, haveMinor = 0;
  std::sscanf(version.c_str(), "%d.%d", &haveMajor, &haveMinor);
  return haveMajor > major || (haveMajor == major && haveMinor >= minor);
}

std::string oldestOsVersion(const std::vector<ServerFacts>& servers) {
  std::string oldest;
  for (const auto& server : servers) {
    int major = 0, minor = 0;
    std::sscanf(oldest.c_str(), "%d.%d", &major, &minor);
    if (oldest.empty() || !osVersionAtLeast(server.os.version, major, minor)) oldest = server.os.version;
  }
  return oldest;
}

namespace {

bool versionAtLeast(const std::string& version, const std::string& floor) {
  int major = 0, minor = 0;
  std::sscanf(floor.c_str(), "%d.%d", &major, &minor);
  return osVersionAtLeast(version, major, minor);
}

// "Windows Server 2012 (6.2)" for the versions the catalogue names.
std::string versionName(const std::string& v) {
  static const std::pair<const char*, const char*> names[] = {{"6.0", "Windows Server 2008"},
                                                              {"6.1", "Windows Server 2008 R2"},
                                                              {"6.2", "Windows Server 2012"},
                                                              {"6.3", "Windows Server 2012 R2"},
                                                              {"10.0", "Windows Server 2016"}};
  for (const auto& [number, name] : names) {
    if (v == number) return std::string(name) + " (" + v + ")";
  }
  return "version " + v;
}

}  // namespace

bool featureBuiltIn(const std::string& feature, const OsInfo& os) {
  const FeatureInfo* info = findFeature(feature);
  return info && !info->builtInFrom.empty() && versionAtLeast(os.version, info->builtInFrom);
}

bool featurePresent(const ServerFacts& server, const std::string& feature) {
  return server.hasFeature(feature) || featureBuiltIn(feature, server.os);
}

namespace {

// Why `os` has no feature of that name at all, or nullopt when it has one.
std::optional<std::string> nameMissingReason(const FeatureInfo& info, const OsInfo& os) {
  if (!versionAtLeast(os.version, info.since)) {
    return "does not exist on " + os.caption + "; it is a feature from " + versionName(info.since) + " on";
  }
  if (!info.until.empty()) {
    int major = 0, minor = 0;
    std::sscanf(info.until.c_str(), "%d.%d", &major, &minor);
    bool later = osVersionAtLeast(os.version, major, minor + 1);
    if (later) return "is not a feature of " + os.caption + " (it is one up to " + versionName(info.until) + ")";
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> profileFeaturesFor(const Profile& profile, const OsInfo& os) {
  std::vector<std::string> out;
  for (const auto& name : profile.features) {
    const FeatureInfo* info = findFeature(name);
    if (info && (featureBuiltIn(name, os) || !nameMissingReason(*info, os))) out.push_back(name);
  }
  return out;
}

bool featureNeedsSource(const std::string& feature, const OsInfo& os) {
  const FeatureInfo* info = findFeature(feature);
  return info && !info->needsSourceFrom.empty() && versionAtLeast(os.version, info->needsSourceFrom);
}

std::optional<std::string> featureUnavailableReason(const std::string& feature, const OsInfo& os) {
  const FeatureInfo* info = findFeature(feature);
  if (!info) return "is not a feature ClusterForge knows";
  if (featureBuiltIn(feature, os)) return std::nullopt;
  if (auto missing = nameMissingReason(*info, os)) return missing;
  bool clusteringEdition = sameName(os.edition, "Enterprise") || sameName(os.edition, "Datacenter");
  if (sameName(feature, "Failover-Clustering") && !osVersionAtLeast(os.version, 6, 2) && !clusteringEdition) {
    return "is not offered by " + os.caption +
           ": before Windows Server 2012 failover clustering needs the "
           "Enterprise or Datacenter edition";
  }
  if (sameName(feature, "Web-Lgcy-Mgmt-Console") && sameName(os.installationType, "Server Core")) {
    return "needs the full installation; " + os.caption + " is a Server Core installation";
  }
  return std::nullopt;
}

const std::vector<Profile>& knownProfiles() {
  static const std::vector<Profile> profiles = {
      {"exchange2007-ccr-mailbox",
       "Exchange Server 2007 SP1 clustered mailbox server (CCR) on Windows Server 2008: the runbook's prerequisites",
       {"PowerShell", "Failover-Clustering", "Web-Server", "Web-ISAPI-Ext", "Web-Metabase", "Web-Lgcy-Mgmt-Console",
        "Web-Basic-Auth", "Web-Windows-Auth"}},
      {"failover-cluster-node",
       "A failover cluster node with its management tools (from 2012 also the PowerShell module and cluster.exe)",
       {"Failover-Clustering", "RSAT-Clustering", "RSAT-Clustering-PowerShell", "RSAT-Clustering-CmdInterface"}},
  };
  return profiles;
}

const Profile* findProfile(const std::string& name) {
  for (const auto& p : knownProfiles()) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace cf
