#include "orchestration/specs/cluster_lifecycle_spec.h"

#include "orchestration/model/computer_name.h"

namespace cf {

namespace {

std::optional<std::string> readName(const std::string& parameter, const std::string& value, const char* what,
                                    FieldErrors& errors) {
  if (auto problem = computerNameProblem(value)) {
    errors.push_back(FieldError::parameter(parameter, std::string("is not a valid ") + what + " name: " + *problem));
    return std::nullopt;
  }
  return canonicalName(value);
}

}  // namespace

std::optional<EvictNodeSpec> readEvictNodeSpec(const std::string& cluster, const std::string& node,
                                               FieldErrors& errors) {
  auto c = readName("name", cluster, "cluster", errors);
  auto n = readName("node", node, "node", errors);
  if (!c || !n) return std::nullopt;
  return EvictNodeSpec{*c, *n};
}

std::optional<DestroyClusterSpec> readDestroyClusterSpec(const std::string& cluster, bool deleteComputerAccount,
                                                         bool removeWitnessShare, FieldErrors& errors) {
  auto c = readName("name", cluster, "cluster", errors);
  if (!c) return std::nullopt;
  return DestroyClusterSpec{*c, deleteComputerAccount, removeWitnessShare, ""};
}

nlohmann::json toStored(const EvictNodeSpec& spec) { return {{"cluster", spec.cluster}, {"node", spec.node}}; }

EvictNodeSpec evictNodeSpecFromStored(const nlohmann::json& stored) {
  return {stored.at("cluster").get<std::string>(), stored.at("node").get<std::string>()};
}

nlohmann::json toStored(const DestroyClusterSpec& spec) {
  return {{"cluster", spec.cluster},
          {"deleteComputerAccount", spec.deleteComputerAccount},
          {"removeWitnessShare", spec.removeWitnessShare},
          {"witnessShare", spec.witnessShare}};
}

DestroyClusterSpec destroyClusterSpecFromStored(const nlohmann::json& stored) {
  return {stored.at("cluster").get<std::string>(), stored.value("deleteComputerAccount", false),
          stored.value("removeWitnessShare", false), stored.value("witnessShare", "")};
}

JobRequest jobRequest(const EvictNodeSpec& spec) {
  JobRequest request(kEvictNodeKind, spec.cluster, ClusterTarget::Existing);
  request.refusal = [spec](const ClusterState& observed) -> std::optional<Refusal> {
    if (!observed.hasNode(spec.node)) {
      return Refusal{404, "nodeNotFound", spec.node + " is not a node of cluster " + observed.name, {}};
    }
    if (auto problem = evictionProblem(observed, spec.node)) return Refusal{409, "evictionRefused", *problem, {}};
    return std::nullopt;
  };
  request.storedSpec = [spec](SecretBox&, const ClusterState*) { return toStored(spec); };
  return request;
}

JobRequest jobRequest(const DestroyClusterSpec& spec) {
  JobRequest request(kDestroyClusterKind, spec.cluster, ClusterTarget::Existing);
  request.storedSpec = [spec](SecretBox&, const ClusterState* observed) {
    DestroyClusterSpec stored = spec;
    if (spec.removeWitnessShare && observed && observed->quorum.witnessType == WitnessType::FileShare) {
      stored.witnessShare = observed->quorum.witness;
    }
    return toStored(stored);
  };
  return request;
}

}  // namespace cf
