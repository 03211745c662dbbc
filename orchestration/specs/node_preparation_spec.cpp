#include "orchestration/specs/node_preparation_spec.h"

#include "orchestration/specs/cluster_spec.h"
#include "orchestration/model/computer_name.h"
#include "orchestration/model/features.h"
#include "orchestration/specs/json_reader.h"

namespace cf {

std::optional<NodePreparationSpec> readNodePreparationSpec(const nlohmann::json& body, const std::string& pointer,
                                                           bool withNodes, FieldErrors& errors) {
  size_t before = errors.size();
  JsonObjectReader reader(body, pointer, errors);
  NodePreparationSpec spec;
  if (withNodes) {
    if (const auto* nodes = reader.requiredArray("nodes", 1, kMaxClusterNodes)) {
      for (size_t i = 0; i < nodes->size(); ++i) {
        const auto& n = (*nodes)[i];
        if (!n.is_string() || computerNameProblem(n.get<std::string>())) {
          errors.push_back(
              FieldError::body(reader.pointerTo("nodes") + "/" + std::to_string(i), "must be a computer name"));
        } else {
          spec.nodes.push_back(canonicalName(n.get<std::string>()));
        }
      }
    }
  }
  const auto* features = reader.optionalArray("features", 1, 64);
  auto profile = reader.optionalString("profile", 64);
  if (reader.isObject() && (features != nullptr) == profile.has_value() && errors.size() == before) {
    errors.push_back(FieldError::body(pointer, "give either features or profile"));
  }
  if (features) {
    std::string unknown;
    for (const auto& f : *features) {
      const FeatureInfo* known = f.is_string() ? findFeature(f.get<std::string>()) : nullptr;
      if (known) spec.features.push_back(known->name);
      else unknown += (unknown.empty() ? "" : ", ") + (f.is_string() ? "'" + f.get<std::string>() + "'" : f.dump());
    }
    if (!unknown.empty()) {
      reader.error("features", "names unknown features: " + unknown +
                                   " (use ServerManager names such as "
                                   "Failover-Clustering, Web-Server)");
    }
  }
  if (profile) {
    if (const Profile* p = findProfile(*profile)) {
      spec.profile = p->name;
      spec.features = p->features;
    } else {
      reader.error("profile", "is not a known profile (GET /v1/profiles lists them)");
    }
  }
  spec.restart = reader.optionalBool("restart").value_or(false);
  reader.rejectUnknownFields();
  if (errors.size() != before) return std::nullopt;
  return spec;
}

nlohmann::json toStored(const NodePreparationSpec& spec) {
  nlohmann::json out = {{"nodes", spec.nodes}, {"features", spec.features}, {"restart", spec.restart}};
  if (spec.profile) out["profile"] = *spec.profile;
  return out;
}

NodePreparationSpec nodePreparationSpecFromStored(const nlohmann::json& stored) {
  NodePreparationSpec spec;
  spec.nodes = stored.at("nodes").get<std::vector<std::string>>();
  spec.features = stored.at("features").get<std::vector<std::string>>();
  if (stored.contains("profile")) spec.profile = stored["profile"].get<std::string>();
  spec.restart = stored.value("restart", false);
  return spec;
}

JobRequest jobRequest(const NodePreparationSpec& spec) {
  JobRequest request(kPrepareNodesKind, "", ClusterTarget::None);
  request.storedSpec = [spec](SecretBox&, const ClusterState*) { return toStored(spec); };
  return request;
}

}  // namespace cf
