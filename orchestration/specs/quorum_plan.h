// The quorum rules, written once: what a quorum spec needs of its cluster
// (a computer account to grant the witness share to, the disk it names),
// which steps converge it, and the quorum it leaves. The API runs the plan to
// refuse a request up front; each quorum step runs it again on the cluster it
// observes, so the two can never disagree.
#pragma once

#include <string>
#include <vector>

#include "orchestration/common/field_error.h"
#include "orchestration/model/cluster_model.h"
#include "orchestration/specs/quorum_spec.h"

namespace cf {

struct QuorumProblem {
  std::string code;     // stable: clusterHasNoComputerAccount, diskNotFound
  std::string pointer;  // into the quorum body
  std::string detail;
};

struct QuorumPlan {
  // createWitnessFolder, shareWitnessFolder and grantFolderAccess.
  bool prepareWitnessShare = false;
  // checkWitnessAccess: a file share witness the cluster account must write to.
  bool checkWitnessAccess = false;
  QuorumState target;  // what the quorum reads back as when the job is done
  std::vector<QuorumProblem> problems;
};

// The plan from the spec alone, for a cluster not yet observed (or not yet
// created): only the rules that need no cluster are checked. `adDetached`
// says the cluster is, or will be, one without a computer account.
QuorumPlan planQuorum(const QuorumSpec& spec, const std::string& clusterName, bool adDetached);
// The plan checked against the cluster as it is.
QuorumPlan planQuorum(const QuorumSpec& spec, const ClusterState& cluster);

// Whether the cluster's quorum already is the plan's target.
bool quorumConverged(const QuorumState& now, const QuorumState& target);

// The problems as field errors, their pointers under `prefix`.
FieldErrors toFieldErrors(const std::vector<QuorumProblem>& problems, const std::string& prefix);

}  // namespace cf
