// The body of POST /v1/validations: what to validate (a set of nodes before a
// cluster exists, or an existing cluster) and which tests.
//   {"nodes": ["EX-NODE1", "EX-NODE2"], "include": ["Network"], "exclude": [...]}
//   {"cluster": "EXCLUSTER"}
// The include/exclude part alone is also the validateBefore/validateAfter
// section of a whole-runbook PUT.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestration/common/field_error.h"
#include "orchestration/jobs/job_request.h"

namespace cf {

struct ValidationSpec {
  std::vector<std::string> nodes;      // canonical; empty when `cluster` is set
  std::optional<std::string> cluster;  // canonical
  std::vector<std::string> include;
  std::vector<std::string> exclude;
};

struct ValidationSpecParse {
  std::optional<ValidationSpec> spec;
  FieldErrors errors;
};

ValidationSpecParse parseValidationSpec(const nlohmann::json& body);
// Reads only include/exclude from the object at `pointer` (unknown test names are errors).
void readTestSelection(const nlohmann::json& body, const std::string& pointer, ValidationSpec& spec,
                       FieldErrors& errors);

constexpr const char* kValidationKind = "validation.run";

// The stored form, and reading back a spec this service stored itself.
nlohmann::json toStored(const ValidationSpec& spec);
ValidationSpec validationSpecFromStored(const nlohmann::json& stored);

// A validation.run job: of an existing cluster, or of nodes (no cluster).
JobRequest jobRequest(const ValidationSpec& spec);

}  // namespace cf
