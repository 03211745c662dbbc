#include "orchestration/specs/node_preparation_spec.h"

#include "orchestration/specs/cluster_spec.h"
#include "orchestration/model/computer_name.h"
#include "orchestration/model/features.h"
#include "orchestration/model/witness_path.h"
#include "orchestration/specs/json_reader.h"

namespace cf {

namespace {

// Why `path` cannot be installation media: a UNC folder \\server\share[\...]
// or a local folder C:\..., or nullopt.
std::optional<std::string> installationSourceProblem(const std::string& path) {
  if (path.rfind("\\\\", 0) == 0) {
    std::string rest = path.substr(2);
    auto slash = rest.find('\\');
    if (slash == std::string::npos) return "must be \\\\server\\share or a folder under it";
    if (auto problem = serverNameProblem(rest.substr(0, slash))) return "names a server that " + *problem;
    if (auto problem = shareNameProblem(rest.substr(slash + 1, rest.find('\\', slash + 1) - slash - 1))) {
      return *problem;
    }
    for (unsigned char c : path) {
      if (c < 32) return "must not hold control characters";
    }
    return std::nullopt;
  }
  if (localFolderPathProblem(path)) {
    return "must be a UNC folder (\\\\FS1\\media\\sources\\sxs) or a local folder (D:\\sources\\sxs)";
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> featuresFor(const NodePreparationSpec& spec, const OsInfo& os) {
  if (spec.profile) {
    if (const Profile* profile = findProfile(*spec.profile)) return profileFeaturesFor(*profile, os);
  }
  return spec.features;
}

FieldErrors preparationProblems(const NodePreparationSpec& spec, const std::string& pointer,
                                const std::vector<ServerFacts>& servers) {
  FieldErrors errors;
  for (const auto& server : servers) {
    auto features = featuresFor(spec, server.os);
    for (size_t i = 0; i < features.size(); ++i) {
      const auto& feature = features[i];
      std::string where = spec.profile ? pointer + "/profile" : pointer + "/features/" + std::to_string(i);
      if (auto reason = featureUnavailableReason(feature, server.os)) {
        errors.push_back(FieldError::body(where, feature + " cannot be installed on " + server.name + ": " +
                                                     feature + " " + *reason));
      } else if (spec.source.empty() && featureNeedsSource(feature, server.os) && !featurePresent(server, feature)) {
        errors.push_back(FieldError::body(
            pointer + "/source", feature + " on " + server.name + " (" + server.os.caption +
                                     ") needs installation media, which this Windows keeps off disk: give source, "
                                     "the sources\\sxs folder of its installation media (\\\\FS1\\media\\sources\\sxs)"));
      }
    }
  }
  return errors;
}

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
  if (auto source = reader.optionalString("source", 260)) {
    if (auto problem = installationSourceProblem(*source)) reader.error("source", *problem);
    spec.source = *source;
  }
  reader.rejectUnknownFields();
  if (errors.size() != before) return std::nullopt;
  return spec;
}

nlohmann::json toStored(const NodePreparationSpec& spec) {
  nlohmann::json out = {{"nodes", spec.nodes}, {"features", spec.features}, {"restart", spec.restart}};
  if (spec.profile) out["profile"] = *spec.profile;
  if (!spec.source.empty()) out["source"] = spec.source;
  return out;
}

NodePreparationSpec nodePreparationSpecFromStored(const nlohmann::json& stored) {
  NodePreparationSpec spec;
  spec.nodes = stored.at("nodes").get<std::vector<std::string>>();
  spec.features = stored.at("features").get<std::vector<std::string>>();
  if (stored.contains("profile")) spec.profile = stored["profile"].get<std::string>();
  spec.restart = stored.value("restart", false);
  spec.source = stored.value("source", "");
  return spec;
}

JobRequest jobRequest(const NodePreparationSpec& spec) {
  JobRequest request(kPrepareNodesKind, "", ClusterTarget::None);
  request.storedSpec = [spec](SecretBox&, const ClusterState*) { return toStored(spec); };
  request.servers = spec.nodes;
  request.serverProblems = [spec](const std::vector<ServerFacts>& servers) {
    return preparationProblems(spec, "", servers);
  };
  return request;
}

}  // namespace cf
