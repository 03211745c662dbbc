#include "orchestration/specs/validation_spec.h"

#include "orchestration/specs/cluster_spec.h"
#include "orchestration/model/computer_name.h"
#include "orchestration/specs/json_reader.h"
#include "orchestration/validation/validation_catalog.h"

namespace cf {

namespace {

std::vector<std::string> readNames(JsonObjectReader& reader, const std::string& key, FieldErrors& errors) {
  std::vector<std::string> names;
  const auto* list = reader.optionalArray(key, 0, 64);
  if (!list) return names;
  for (size_t i = 0; i < list->size(); ++i) {
    const auto& item = (*list)[i];
    if (!item.is_string() || item.get<std::string>().empty() || item.get<std::string>().size() > 128) {
      errors.push_back(
          FieldError::body(reader.pointerTo(key) + "/" + std::to_string(i), "must be the name of a test or category"));
      continue;
    }
    names.push_back(item.get<std::string>());
  }
  return names;
}

}  // namespace

void readTestSelection(const nlohmann::json& body, const std::string& pointer, ValidationSpec& spec,
                       FieldErrors& errors) {
  JsonObjectReader reader(body, pointer, errors);
  spec.include = readNames(reader, "include", errors);
  spec.exclude = readNames(reader, "exclude", errors);
  reader.rejectUnknownFields();
  auto selection = selectTests(spec.include, spec.exclude);
  if (!selection.unknown.empty()) {
    std::string list;
    for (const auto& n : selection.unknown) list += (list.empty() ? "'" : ", '") + n + "'";
    errors.push_back(
        FieldError::body(pointer.empty() ? "/include" : pointer,
                         "names no test or category: " + list + " (GET /v1/validations/tests lists them)"));
  } else if (selection.tests.empty()) {
    errors.push_back(FieldError::body(pointer.empty() ? "/exclude" : pointer, "leaves no test to run"));
  }
}

ValidationSpecParse parseValidationSpec(const nlohmann::json& body) {
  ValidationSpecParse out;
  ValidationSpec spec;
  JsonObjectReader reader(body, "", out.errors);
  const auto* nodes = reader.optionalArray("nodes", 1, kMaxClusterNodes);
  auto cluster = reader.optionalString("cluster", 15);
  if (reader.isObject() && (nodes != nullptr) == cluster.has_value() && out.errors.empty()) {
    out.errors.push_back(FieldError::body("", "give either nodes (before a cluster exists) or cluster, not both"));
  }
  if (nodes) {
    for (size_t i = 0; i < nodes->size(); ++i) {
      const auto& n = (*nodes)[i];
      std::string at = "/nodes/" + std::to_string(i);
      if (!n.is_string() || computerNameProblem(n.get<std::string>())) {
        out.errors.push_back(FieldError::body(at, "must be a computer name"));
      } else {
        spec.nodes.push_back(canonicalName(n.get<std::string>()));
      }
    }
  }
  if (cluster) {
    if (auto problem = computerNameProblem(*cluster))
      reader.error("cluster", "is not a valid cluster name: " + *problem);
    else spec.cluster = canonicalName(*cluster);
  }
  // include/exclude are read by readTestSelection; mark them known here.
  reader.has("include");
  reader.has("exclude");
  reader.rejectUnknownFields();
  if (reader.isObject()) {
    nlohmann::json selection = nlohmann::json::object();
    if (body.contains("include")) selection["include"] = body["include"];
    if (body.contains("exclude")) selection["exclude"] = body["exclude"];
    readTestSelection(selection, "", spec, out.errors);
  }
  if (out.errors.empty()) out.spec = std::move(spec);
  return out;
}

nlohmann::json toStored(const ValidationSpec& spec) {
  nlohmann::json out = {{"include", spec.include}, {"exclude", spec.exclude}};
  if (spec.cluster) out["cluster"] = *spec.cluster;
  else out["nodes"] = spec.nodes;
  return out;
}

ValidationSpec validationSpecFromStored(const nlohmann::json& stored) {
  ValidationSpec spec;
  spec.nodes = stored.value("nodes", std::vector<std::string>{});
  if (stored.contains("cluster")) spec.cluster = stored["cluster"].get<std::string>();
  spec.include = stored.value("include", std::vector<std::string>{});
  spec.exclude = stored.value("exclude", std::vector<std::string>{});
  return spec;
}

JobRequest jobRequest(const ValidationSpec& spec) {
  JobRequest request(kValidationKind, spec.cluster.value_or(""),
                     spec.cluster ? ClusterTarget::Existing : ClusterTarget::None);
  request.storedSpec = [spec](SecretBox&, const ClusterState*) { return toStored(spec); };
  return request;
}

}  // namespace cf
