// The Windows roles and features ClusterForge knows by their ServerManager
// names, with what Windows says about each: which editions and versions offer
// it and whether installing it needs a restart; and the named profiles
// (sets of features) a preparation request can ask for.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "orchestration/model/cluster_model.h"

namespace cf {

struct FeatureInfo {
  std::string name;         // "Failover-Clustering"
  std::string displayName;  // "Failover Clustering"
  bool needsRestart = false;
};

const std::vector<FeatureInfo>& knownFeatures();
const FeatureInfo* findFeature(const std::string& name);

// Why `os` cannot have `feature`, or nullopt. Failover Clustering needs
// Enterprise or Datacenter before Windows Server 2012.
std::optional<std::string> featureUnavailableReason(const std::string& feature, const OsInfo& os);

struct Profile {
  std::string name;
  std::string description;
  std::vector<std::string> features;
};

const std::vector<Profile>& knownProfiles();
const Profile* findProfile(const std::string& name);

// Whether `version` ("6.0.6001") is at least major.minor.
bool osVersionAtLeast(const std::string& version, int major, int minor);

}  // namespace cf
