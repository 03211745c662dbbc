#include "orchestration/specs/quorum_plan.h"

#include "orchestration/model/cluster_json.h"
#include "orchestration/model/computer_name.h"

namespace cf {

namespace {

bool usesDisk(QuorumMode mode) { return mode == QuorumMode::NodeAndDiskMajority || mode == QuorumMode::DiskOnly; }

}  // namespace

QuorumPlan planQuorum(const QuorumSpec& spec, const std::string& clusterName, bool adDetached) {
  QuorumPlan plan;
  plan.prepareWitnessShare = spec.prepareLocalPath.has_value();
  plan.checkWitnessAccess = spec.settings.mode == QuorumMode::NodeAndFileShareMajority;
  plan.target = quorumStateFor(spec.settings);
  if (plan.prepareWitnessShare && adDetached) {
    plan.problems.push_back({"clusterHasNoComputerAccount", "/fileShareWitness/prepare",
                             "cannot be done for " + clusterName +
                                 ": an AD-detached cluster (managementPoint dns) "
                                 "has no computer account to grant access to the witness share"});
  }
  return plan;
}

QuorumPlan planQuorum(const QuorumSpec& spec, const ClusterState& cluster) {
  QuorumPlan plan = planQuorum(spec, cluster.name, cluster.computerAccount.empty());
  const auto& s = spec.settings;
  if (usesDisk(s.mode) && !cluster.findDisk(s.disk)) {
    std::vector<std::string> disks;
    for (const auto& d : cluster.disks) disks.push_back(d.name);
    plan.problems.push_back({"diskNotFound", quorumDiskPointer(s.mode),
                             "names no disk of " + cluster.name + " (it has " +
                                 (disks.empty() ? std::string("no shared disks") : joinNames(disks)) + ")"});
  }
  return plan;
}

bool quorumConverged(const QuorumState& now, const QuorumState& target) {
  return now.mode == target.mode && now.witnessType == target.witnessType && sameName(now.witness, target.witness) &&
         now.witnessOnline == target.witnessOnline;
}

FieldErrors toFieldErrors(const std::vector<QuorumProblem>& problems, const std::string& prefix) {
  FieldErrors errors;
  for (const auto& p : problems) errors.push_back(FieldError::body(prefix + p.pointer, p.detail));
  return errors;
}

}  // namespace cf
