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
  // The Windows versions that have it as a feature ("6.0" is 2008, "6.1"
  // 2008 R2, "6.2" 2012); an empty `until` means every later one too.
  std::string since = "6.0";
  std::string until = "";
  // From this version on it is part of Windows (nothing to install), as
  // PowerShell is from 2008 R2; empty when it never is.
  std::string builtInFrom = "";
  // From this version on its payload is not on disk (Features on Demand):
  // installing it needs installation media, as .NET 3.5 does from 2012.
  std::string needsSourceFrom = "";
};

const std::vector<FeatureInfo>& knownFeatures();
const FeatureInfo* findFeature(const std::string& name);

// Why `os` cannot have `feature`, or nullopt: a name that version of
// Windows does not have (RSAT-Clustering-PowerShell before 2012), or
// Failover Clustering on an edition without it (Standard before 2012).
// A feature built into that version can always be had.
std::optional<std::string> featureUnavailableReason(const std::string& feature, const OsInfo& os);

// A named set of features. A profile means what it means on each version:
// the names a node's Windows does not have as features are left out there
// (RSAT-Clustering-PowerShell before 2012), unlike a features list, where
// such a name is refused.
struct Profile {
  std::string name;
  std::string description;
  std::vector<std::string> features;
};

const std::vector<Profile>& knownProfiles();
const Profile* findProfile(const std::string& name);
// The profile's features on `os`: those its version has as features or built in.
std::vector<std::string> profileFeaturesFor(const Profile& profile, const OsInfo& os);

// Whether installing `feature` on `os` needs installation media (`source`).
bool featureNeedsSource(const std::string& feature, const OsInfo& os);

// Whether `os` has `feature` already as part of Windows (no install needed).
bool featureBuiltIn(const std::string& feature, const OsInfo& os);
// Whether the server has the feature, installed or built in.
bool featurePresent(const ServerFacts& server, const std::string& feature);

// Whether `version` ("6.0.6001") is at least major.minor.
bool osVersionAtLeast(const std::string& version, int major, int minor);
// The oldest OS version among the servers (what a cluster of them may do); "" for none.
std::string oldestOsVersion(const std::vector<ServerFacts>& servers);

}  // namespace cf
