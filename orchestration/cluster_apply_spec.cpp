#include "orchestration/cluster_apply_spec.h"

#include "orchestration/cluster_json.h"
#include "orchestration/cluster_spec_parser.h"
#include "orchestration/json_reader.h"

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
  for (auto [key, target] : {std::pair{"validateBefore", &spec.validateBefore}, std::pair{"validateAfter", &spec.validateAfter}}) {
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
      out.errors.push_back(FieldError::body("/networks", "must be a list of 1 to " + std::to_string(kMaxNetworkSettings) +
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
    if (spec.quorum && spec.quorum->prepareLocalPath && adDetached) {
      out.errors.push_back(FieldError::body("/quorum/fileShareWitness/prepare",
                                            "cannot be done for an AD-detached cluster (managementPoint dns): it has "
                                            "no computer account to grant access to"));
    }
  }
  if (out.errors.empty() && cluster.spec) {
    spec.cluster = *cluster.spec;
    out.spec = std::move(spec);
  }
  return out;
}

nlohmann::json toStoredJson(const ClusterApplySpec& spec, SecretBox& secrets) {
  nlohmann::json out = {{"cluster", toJson(spec.cluster)}};
  if (spec.prepare) out["prepare"] = toJson(*spec.prepare);
  if (spec.validateBefore) out["validateBefore"] = toJson(*spec.validateBefore);
  if (spec.networks) out["networks"] = toJson(NetworkSpec{spec.cluster.name, *spec.networks});
  if (spec.quorum) out["quorum"] = toStoredJson(*spec.quorum, secrets);
  if (spec.validateAfter) out["validateAfter"] = toJson(*spec.validateAfter);
  return out;
}

}  // namespace cf
