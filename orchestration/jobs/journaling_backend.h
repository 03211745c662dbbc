// A ClusterBackend in front of the real one that writes down every change a
// step asks of it, in order: {step, action, target, from, to}.
//
// Apply mode passes every call through: the journal is what the job changed,
// so `result.changed` is true exactly when some step changed something, and
// each change is an event an operator can read.
//
// Plan mode (a dry run) changes nothing: reads go to the real backend, and
// each change is recorded and applied to a picture of the world kept here,
// which later reads see, so the steps after "create the cluster" plan against
// the cluster it would make (networks discovered as Windows would). Nothing
// is sent to the real backend but reads.
//
// One instance serves one job run or one dry run, on one thread.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestration/model/cluster_backend.h"

namespace cf {

struct JournalEntry {
  std::string step;
  std::string action;   // the backend operation: "createCluster", "setClusterNetworkRole", ...
  std::string target;   // what it acts on: "EXCLUSTER", "EXCLUSTER/Cluster Network 2", "\\\\EX-HUB1\\FSM_MBX"
  nlohmann::json from;  // as it is (plan mode; null when it does not exist yet)
  nlohmann::json to;    // as the change leaves it (null when it removes it)
};
nlohmann::json toJson(const JournalEntry& entry);

class JournalingBackend : public ClusterBackend {
 public:
  enum class Mode { Apply, Plan };
  JournalingBackend(ClusterBackend& real, Mode mode) : real_(real), mode_(mode) {}

  // The step the next changes belong to.
  void setStep(std::string step) { step_ = std::move(step); }
  const std::vector<JournalEntry>& entries() const { return entries_; }

  std::string kind() const override { return real_.kind(); }
  BackendReadiness readiness() const override { return real_.readiness(); }

  ServerFacts getServer(const std::string& name, const OperationContext& ctx) override;
  NodeClusterState getNodeClusterState(const std::string& node, const OperationContext& ctx) override;
  std::optional<ClusterState> findCluster(const std::string& name, const OperationContext& ctx) override;
  std::vector<std::string> listClusters(const OperationContext& ctx) override;
  void createCluster(const ClusterSpec& spec, const OperationContext& ctx) override;
  void addClusterNode(const std::string& cluster, const std::string& node, const OperationContext& ctx) override;
  void evictClusterNode(const std::string& cluster, const std::string& node, const OperationContext& ctx) override;
  void destroyCluster(const std::string& cluster, const OperationContext& ctx) override;
  void setClusterProperties(const std::string& cluster, const HeartbeatSettings& settings,
                            const OperationContext& ctx) override;
  std::optional<ComputerObject> getComputerObject(const std::string& name, const OperationContext& ctx) override;
  bool mayCreateComputerObjects(const std::string& node, const OperationContext& ctx) override {
    return real_.mayCreateComputerObjects(node, ctx);
  }
  void deleteComputerObject(const std::string& name, const OperationContext& ctx) override;

  void renameClusterNetwork(const std::string& cluster, const std::string& network, const std::string& newName,
                            const OperationContext& ctx) override;
  void setClusterNetworkRole(const std::string& cluster, const std::string& network, NetworkRole role,
                             const OperationContext& ctx) override;
  void setClusterNetworkMetric(const std::string& cluster, const std::string& network, uint32_t metric,
                               const OperationContext& ctx) override;

  std::optional<FolderState> getFolder(const std::string& server, const std::string& path,
                                       const OperationContext& ctx) override;
  void createFolder(const std::string& server, const std::string& path, const OperationContext& ctx) override;
  void setFolderAcl(const std::string& server, const std::string& path, const std::vector<AccessEntry>& acl,
                    const OperationContext& ctx) override;
  std::optional<ShareState> getShare(const std::string& server, const std::string& share,
                                     const OperationContext& ctx) override;
  void createShare(const std::string& server, const ShareState& share, const OperationContext& ctx) override;
  void setSharePermissions(const std::string& server, const std::string& share,
                           const std::vector<AccessEntry>& permissions, const OperationContext& ctx) override;
  void deleteShare(const std::string& server, const std::string& share, const OperationContext& ctx) override;
  void deleteFolder(const std::string& server, const std::string& path, const OperationContext& ctx) override;
  bool canWrite(const std::string& account, const std::string& server, const std::string& share,
                const OperationContext& ctx) override;

  bool canReach(const std::string& from, Ipv4Address address, const OperationContext& ctx) override;
  bool installFeatures(const std::string& server, const std::vector<std::string>& features, const std::string& source,
                       const OperationContext& ctx) override;
  void restartServer(const std::string& server, const OperationContext& ctx) override;

  void setQuorum(const std::string& cluster, const QuorumSettings& settings, const OperationContext& ctx) override;

 private:
  bool planning() const { return mode_ == Mode::Plan; }
  void record(std::string action, std::string target, nlohmann::json from, nlohmann::json to);
  // Plan mode: the cluster as the changes so far leave it; throws like the
  // real backend when there is none.
  ClusterState plannedCluster(const std::string& name, const OperationContext& ctx);
  void changeCluster(const std::string& name, const std::string& action, const std::string& target,
                     const std::function<std::pair<nlohmann::json, nlohmann::json>(ClusterState&)>& edit,
                     const OperationContext& ctx);
  // The cluster's networks rediscovered from its nodes' adapters, as the
  // cluster service does when a node joins or leaves.
  void rediscoverNetworks(ClusterState& cluster, const OperationContext& ctx);
  // The cluster a node belongs to in the plan: nullopt when the plan says
  // nothing of it, "" when the plan took it out of its cluster.
  std::optional<std::string> plannedMembership(const std::string& node) const;

  ClusterBackend& real_;
  Mode mode_;
  std::string step_;
  std::vector<JournalEntry> entries_;

  // The plan's picture; a key absent means "as the real backend says",
  // nullopt means "gone".
  std::map<std::string, std::optional<ClusterState>> clusters_;
  std::map<std::string, std::vector<std::string>> installed_;  // server -> features added
  std::map<std::string, bool> restartPending_;
  std::map<std::string, std::optional<FolderState>> folders_;  // "SERVER\\path"
  std::map<std::string, std::optional<ShareState>> shares_;    // "SERVER\\share"
  std::map<std::string, std::optional<ComputerObject>> objects_;
};

}  // namespace cf
