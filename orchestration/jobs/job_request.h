// A request for one job, parsed and checked in its own terms: what a route
// hands to JobService::submit. Each kind's spec (specs/) makes its own.
//
// JobService observes the request's cluster first, when it names one, and
// asks `refusal` whether the request can work on the cluster as it is; only
// then is the job stored. A refusal is an answer to the client (409, 404 or
// 422 with field errors), never a failed job.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestration/jobs/secret_box.h"
#include "orchestration/model/cluster_model.h"
#include "orchestration/common/field_error.h"

namespace cf {

struct Refusal {
  int status = 409;
  std::string code;
  std::string detail;
  FieldErrors errors;
};

// What a request needs of its cluster before it is accepted.
enum class ClusterTarget {
  None,      // the job works on no cluster (node preparation, validating nodes)
  Existing,  // the cluster must exist now: 404 otherwise
  Any,       // it may exist (create or converge); an existing one is checked
};

struct JobRequest {
  JobRequest(std::string kind_, std::string cluster_, ClusterTarget target_)
      : kind(std::move(kind_)), cluster(std::move(cluster_)), target(target_) {}

  std::string kind;
  std::string cluster;  // canonical; "" with ClusterTarget::None
  ClusterTarget target = ClusterTarget::None;
  // Why the request cannot work on the cluster as observed; empty: it can.
  std::function<std::optional<Refusal>(const ClusterState& observed)> refusal;
  // The job's spec in its stored form, secrets sealed with the SecretBox.
  // `observed` is the cluster as seen when the request was accepted (null
  // when it has none), for a job that must remember what it acts on.
  std::function<nlohmann::json(SecretBox& secrets, const ClusterState* observed)> storedSpec;
  // The servers the request acts on, and why it cannot work on them as
  // their facts are (a feature their Windows lacks, a management point or
  // witness their version cannot have), as field errors. JobService asks
  // before the job is stored when the backend has server facts at hand (the
  // simulated lab: a 422); otherwise the job's check steps find the same.
  std::vector<std::string> servers;
  std::function<FieldErrors(const std::vector<ServerFacts>& servers)> serverProblems;
  // Set by the HTTP layer for a request sent with an Idempotency-Key (Job::requestKey).
  std::string requestKey;
};

}  // namespace cf
