#include "orchestration/specs/cluster_apply_spec.h"

#include <algorithm>

#include "orchestration/model/cluster_json.h"
#include "orchestration/model/computer_name.h"
#include "orchestration/model/os_capabilities.h"
#include "orchestration/specs/cluster_spec.h"
#include "orchestration/specs/json_reader.h"
#include "orchestration/specs/quorum_plan.h"

namespace cf {

namespace {
const char* const kSections[] = {"prepare", "validateBefore", "networks", "quorum", "validateAfter"};
}  // namespace

ClusterApplyParse parseClusterApplySpec(const std::string& name, const nlohmann::json& body) {
  ClusterApplyParse out;
  nlohmann::json clusterPart = body;
  if (body.is_object()) {
    for (const char* section : kSections) clusterPart.erase(section);
  }
  auto cluster = parseClusterSpec(name, clusterPart);
  out.errors = cluster.errors;
  if (!body.is_object()) return out;

  ClusterApplySpec spec;
  std::string clusterName = cluster.spec ? cluster.spec->name : name;
  auto section = [&](const char* key) -> const nlohmann::json* {
    auto it = body.find(key);
    return it == body.end() || it->is_null() ? nullptr : &*it;
  };
  if (const auto* prepare = section("prepare")) {
    spec.prepare = readNodePreparationSpec(*prepare, "/prepare", false, out.errors);
    if (spec.prepare && cluster.spec) spec.prepare->nodes = cluster.spec->nodes;
  }
  for (auto [key, target] :
       {std::pair{"validateBefore", &spec.validateBefore}, std::pair{"validateAfter", &spec.validateAfter}}) {
    if (const auto* selection = section(key)) {
      ValidationSpec v;
      size_t before = out.errors.size();
      readTestSelection(*selection, std::string("/") + key, v, out.errors);
      if (out.errors.size() == before) *target = v;
    }
  }
  if (spec.validateBefore && cluster.spec) spec.validateBefore->nodes = cluster.spec->nodes;
  if (spec.validateAfter) spec.validateAfter->cluster = clusterName;
  if (const auto* networks = section("networks")) {
    if (!networks->is_array() || networks->empty() || networks->size() > kMaxNetworkSettings) {
      out.errors.push_back(FieldError::body("/networks", "must be a list of 1 to " +
                                                             std::to_string(kMaxNetworkSettings) +
                                                             " network settings, as the networks endpoint takes"));
    } else {
      size_t before = out.errors.size();
      auto settings = readNetworkSettings(*networks, "/networks", out.errors);
      if (out.errors.size() == before) spec.networks = settings;
    }
  }
  if (const auto* quorum = section("quorum")) {
    spec.quorum = readQuorumSpec(clusterName, *quorum, "/quorum", out.errors);
    // Read from the body itself, so the error shows even when other fields are wrong.
    bool adDetached = body.contains("managementPoint") && body["managementPoint"] == "dns";
    if (spec.quorum) {
      auto more = toFieldErrors(planQuorum(*spec.quorum, clusterName, adDetached).problems, "/quorum");
      out.errors.insert(out.errors.end(), more.begin(), more.end());
    }
  }
  if (out.errors.empty() && cluster.spec) {
    spec.cluster = *cluster.spec;
    out.spec = std::move(spec);
  }
  return out;
}

nlohmann::json toStored(const ClusterApplySpec& spec, SecretBox& secrets) {
  nlohmann::json out = {{"cluster", toStored(spec.cluster)}};
  if (spec.prepare) out["prepare"] = toStored(*spec.prepare);
  if (spec.validateBefore) out["validateBefore"] = toStored(*spec.validateBefore);
  if (spec.networks) out["networks"] = toStored(NetworkSpec{spec.cluster.name, *spec.networks});
  if (spec.quorum) out["quorum"] = toStored(*spec.quorum, secrets);
  if (spec.validateAfter) out["validateAfter"] = toStored(*spec.validateAfter);
  return out;
}

nlohmann::json storedApplySpecV1toV2(nlohmann::json stored) {
  if (stored.contains("networks")) stored["networks"] = storedNetworkSpecV1toV2(stored["networks"]);
  return stored;
}

namespace {}  // namespace

std::optional<std::string> nodesMissingFromSpec(const ClusterState& existing, const ClusterSpec& spec) {
  std::vector<std::string> missing;
  for (const auto& node : existing.nodeNames()) {
    bool kept =
        std::any_of(spec.nodes.begin(), spec.nodes.end(), [&](const std::string& n) { return sameName(n, node); });
    if (!kept) missing.push_back(node);
  }
  if (missing.empty()) return std::nullopt;
  return "cluster " + spec.name + " has node(s) " + joinNames(missing) +
         " that this request leaves out; a PUT adds nodes but never evicts one: evict with DELETE /v1/clusters/" +
         spec.name + "/nodes/" + missing.front() + ", then send the request again";
}

namespace {

// What the sections ask of a cluster that already exists, checked on it.
std::optional<Refusal> refusalOn(const ClusterState& existing, const ClusterApplySpec& apply) {
  const ClusterSpec& spec = apply.cluster;
  if (auto conflict = nodesMissingFromSpec(existing, spec)) return Refusal{409, "clusterNodesDiffer", *conflict, {}};
  FieldErrors errors;
  if (apply.networks) errors = planNetworks(existing, *apply.networks, "/networks").errors;
  if (apply.quorum) {
    auto more = toFieldErrors(planQuorum(*apply.quorum, existing).problems, "/quorum");
    errors.insert(errors.end(), more.begin(), more.end());
  }
  if (errors.empty()) return std::nullopt;
  return Refusal{422, "validationFailed", "this runbook cannot be applied to " + spec.name + " as it is", errors};
}

// What the request asks of its nodes' Windows: the features to prepare,
// the management point, a cloud witness.
FieldErrors problemsOnNodes(const ClusterApplySpec& apply, const std::vector<ServerFacts>& nodes) {
  FieldErrors errors;
  if (apply.prepare) errors = preparationProblems(*apply.prepare, "/prepare", nodes);
  for (const auto& node : nodes) {
    if (auto problem = managementPointProblem(apply.cluster.managementPoint, node.os)) {
      errors.push_back(FieldError::body("/managementPoint", node.name + ": " + *problem));
    }
    if (apply.quorum && apply.quorum->settings.mode == QuorumMode::CloudWitness) {
      if (auto problem = cloudWitnessProblem(node.os)) {
        errors.push_back(FieldError::body("/quorum/mode", node.name + ": " + *problem));
      }
    }
  }
  return errors;
}

}  // namespace

JobRequest jobRequest(const ClusterApplySpec& apply) {
  JobRequest request(apply.createOnly() ? kClusterCreateKind : kClusterApplyKind, apply.cluster.name,
                     ClusterTarget::Any);
  request.refusal = [apply](const ClusterState& existing) { return refusalOn(existing, apply); };
  request.servers = apply.cluster.nodes;
  request.serverProblems = [apply](const std::vector<ServerFacts>& nodes) { return problemsOnNodes(apply, nodes); };
  if (apply.createOnly()) {
    request.storedSpec = [apply](SecretBox&, const ClusterState*) { return toStored(apply.cluster); };
  } else {
    request.storedSpec = [apply](SecretBox& secrets, const ClusterState*) { return toStored(apply, secrets); };
  }
  return request;
}

}  // namespace cf
