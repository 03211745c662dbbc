#include "orchestration/model/features.h"

#include <cstdio>

#include "orchestration/model/computer_name.h"

namespace cf {

const std::vector<FeatureInfo>& knownFeatures() {
  static const std::vector<FeatureInfo> features = {
      {"Failover-Clustering", "Failover Clustering", false},
      {"PowerShell", "Windows PowerShell", false},
      {"Web-Server", "Web Server (IIS)", false},
      {"Web-ISAPI-Ext", "ISAPI Extensions", false},
      {"Web-Metabase", "IIS 6 Metabase Compatibility", false},
      {"Web-Lgcy-Mgmt-Console", "IIS 6 Management Console", false},
      {"Web-Basic-Auth", "Basic Authentication", false},
      {"Web-Windows-Auth", "Windows Authentication", false},
      {"Multipath-IO", "Multipath I/O", true},
      {"NET-Framework-Core", ".NET Framework 3.5", true},
      {"RSAT-Clustering", "Failover Clustering Tools", false},
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

std::optional<std::string> featureUnavailableReason(const std::string& feature, const OsInfo& os) {
  if (!findFeature(feature)) return "is not a feature ClusterForge knows";
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
       "A failover cluster node with its management tools",
       {"Failover-Clustering", "RSAT-Clustering"}},
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
