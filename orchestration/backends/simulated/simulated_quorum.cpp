// SimulatedBackend: the quorum configuration and its witness resource.
#include <algorithm>

#include "orchestration/backends/simulated/simulated_backend.h"
#include "orchestration/model/os_capabilities.h"
#include "orchestration/model/cluster_json.h"
#include "orchestration/model/computer_name.h"
#include "orchestration/model/features.h"
#include "orchestration/model/witness_path.h"
#include "orchestration/model/win32_error.h"

namespace cf::sim {

void SimulatedBackend::checkQuorum(const ClusterState& cluster, const QuorumSettings& settings) {
  switch (settings.mode) {
    case QuorumMode::NodeMajority: return;
    case QuorumMode::NodeAndDiskMajority:
    case QuorumMode::DiskOnly: {
      const ClusterDisk* disk = cluster.findDisk(settings.disk);
      if (!disk)
        throw BackendFailure(win32::kResourceNotFound,
                             "cluster " + cluster.name + " has no disk '" + settings.disk + "'");
      if (!disk->online) throw BackendFailure(win32::kResourceNotOnline, "'" + disk->name + "' is not online");
      return;
    }
    case QuorumMode::NodeAndFileShareMajority: {
      auto path = parseWitnessPath(settings.sharePath);
      if (!path) throw BackendFailure(win32::kInvalidParameter, settings.sharePath + " is not \\\\server\\share");
      LabServer& server = reachableServer(path->server);
      ShareState* share = server.findShare(path->share);
      if (!share) throw BackendFailure(win32::kBadNetName, settings.sharePath + " does not exist");
      FolderState* folder = server.findFolder(share->path);
      bool writable = !cluster.computerAccount.empty() &&
                      grants(share->permissions, cluster.computerAccount, Access::Change) && folder &&
                      grants(folder->acl, cluster.computerAccount, Access::Modify);
      if (!writable) {
        throw BackendFailure(win32::kAccessDenied,
                             "the file share witness cannot come online: " +
                                 (cluster.computerAccount.empty() ? std::string("the cluster has no computer account")
                                                                  : cluster.computerAccount) +
                                 " cannot write to " + settings.sharePath);
      }
      return;
    }
    case QuorumMode::CloudWitness: {
      for (const auto& node : cluster.nodes) {
        if (auto problem = cloudWitnessProblem(lab_.findServer(node.name)->facts.os)) {
          throw BackendFailure(win32::kClusterResourceTypeNotFound, node.name + ": " + *problem);
        }
      }
      if (settings.cloudAccount.empty() || settings.cloudAccessKey.empty()) {
        throw BackendFailure(win32::kLogonFailure, "the storage account name and access key are required");
      }
      return;
    }
  }
}

void SimulatedBackend::setQuorum(const std::string& cluster, const QuorumSettings& settings,
                                 const OperationContext& ctx) {
  auto apply = [&] { existingCluster(cluster).quorum = quorumStateFor(settings); };
  change(
      ctx, "setQuorum", cluster,
      {"creating the witness resource", "bringing the witness online",
       "setting the quorum to " + toString(settings.mode)},
      [&] { checkQuorum(existingCluster(cluster), settings); }, apply);
}

}  // namespace cf::sim
