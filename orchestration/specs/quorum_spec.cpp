#include "orchestration/specs/quorum_spec.h"

#include <cctype>

#include "orchestration/model/cluster_json.h"
#include "orchestration/model/computer_name.h"
#include "orchestration/specs/json_reader.h"
#include "orchestration/specs/quorum_plan.h"
#include "orchestration/model/witness_path.h"

namespace cf {

namespace {

// Each mode's own section of the body; any other section is an error.
struct ModeSection {
  const char* key;
  QuorumMode owner;
};
const ModeSection kModeSections[] = {
    {"diskWitness", QuorumMode::NodeAndDiskMajority},
    {"fileShareWitness", QuorumMode::NodeAndFileShareMajority},
    {"cloudWitness", QuorumMode::CloudWitness},
    {"disk", QuorumMode::DiskOnly},
};

// Azure storage account names: 3-24 lower-case letters and digits.
bool validStorageAccount(const std::string& name) {
  if (name.size() < 3 || name.size() > 24) return false;
  for (unsigned char c : name) {
    if (!std::islower(c) && !std::isdigit(c)) return false;
  }
  return true;
}

bool validBase64(const std::string& key) {
  if (key.empty() || key.size() % 4 != 0) return false;
  size_t padding = 0;
  for (size_t i = 0; i < key.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(key[i]);
    if (c == '=') {
      ++padding;
      if (i < key.size() - 2) return false;
    } else if (padding || !(std::isalnum(c) || c == '+' || c == '/')) {
      return false;
    }
  }
  return true;
}

std::optional<std::string> readDisk(JsonObjectReader& reader, const std::string& key) {
  auto disk = reader.requiredString(key, 128);
  if (disk && disk->empty()) {
    reader.error(key, "must name a cluster disk, like \"Cluster Disk 1\"");
    return std::nullopt;
  }
  return disk;
}

}  // namespace

std::string quorumDiskPointer(QuorumMode mode) { return mode == QuorumMode::DiskOnly ? "/disk" : "/diskWitness/disk"; }

std::optional<QuorumSpec> readQuorumSpec(const std::string& cluster, const nlohmann::json& body,
                                         const std::string& pointer, FieldErrors& errors) {
  size_t before = errors.size();
  JsonObjectReader reader(body, pointer, errors);
  QuorumSpec spec;
  spec.cluster = canonicalName(cluster);
  // A flag beside spec.settings.mode rather than an optional<QuorumMode>:
  // GCC 12 warns (wrongly) that the optional's value may be uninitialised.
  bool haveMode = false;
  if (auto modeText = reader.requiredString("mode", 32)) {
    if (auto parsed = parseQuorumMode(*modeText)) {
      spec.settings.mode = *parsed;
      haveMode = true;
    } else {
      reader.error("mode",
                   "must be one of: nodeMajority, nodeAndDiskMajority, nodeAndFileShareMajority, diskOnly, "
                   "cloudWitness");
    }
  }
  auto modeIs = [&](QuorumMode m) { return haveMode && spec.settings.mode == m; };

  for (const auto& section : kModeSections) {
    if (reader.has(section.key) && haveMode && section.owner != spec.settings.mode) {
      reader.error(section.key, "applies only to mode " + toString(section.owner));
    }
  }
  if (modeIs(QuorumMode::DiskOnly)) {
    if (auto disk = readDisk(reader, "disk")) spec.settings.disk = *disk;
  } else if (modeIs(QuorumMode::NodeAndDiskMajority)) {
    if (const auto* section = reader.optionalObject("diskWitness")) {
      JsonObjectReader witness(*section, reader.pointerTo("diskWitness"), errors);
      if (auto disk = readDisk(witness, "disk")) spec.settings.disk = *disk;
      witness.rejectUnknownFields();
    } else if (reader.isObject()) {
      reader.error("diskWitness", "is required for mode nodeAndDiskMajority");
    }
  } else if (modeIs(QuorumMode::NodeAndFileShareMajority)) {
    if (const auto* section = reader.optionalObject("fileShareWitness")) {
      JsonObjectReader witness(*section, reader.pointerTo("fileShareWitness"), errors);
      if (auto path = witness.requiredString("path", 300)) {
        if (auto problem = witnessPathProblem(*path)) witness.error("path", *problem);
        else spec.settings.sharePath = toString(*parseWitnessPath(*path));
      }
      if (const auto* prepare = witness.optionalObject("prepare")) {
        JsonObjectReader p(*prepare, witness.pointerTo("prepare"), errors);
        if (auto local = p.requiredString("localPath", 260)) {
          if (auto problem = localFolderPathProblem(*local)) p.error("localPath", *problem);
          else spec.prepareLocalPath = *local;
        }
        p.rejectUnknownFields();
      }
      witness.rejectUnknownFields();
    } else if (reader.isObject()) {
      reader.error("fileShareWitness", "is required for mode nodeAndFileShareMajority");
    }
  } else if (modeIs(QuorumMode::CloudWitness)) {
    if (const auto* section = reader.optionalObject("cloudWitness")) {
      JsonObjectReader witness(*section, reader.pointerTo("cloudWitness"), errors);
      if (auto account = witness.requiredString("accountName", 24)) {
        if (!validStorageAccount(*account)) {
          witness.error("accountName", "must be a storage account name: 3 to 24 lower-case letters and digits");
        } else {
          spec.settings.cloudAccount = *account;
        }
      }
      // The key itself is never echoed in an error.
      if (auto key = witness.requiredString("accessKey", 512)) {
        if (!validBase64(*key)) witness.error("accessKey", "must be a storage account access key (base64)");
        else spec.settings.cloudAccessKey = *key;
      }
      if (auto endpoint = witness.optionalString("endpoint", 253)) {
        if (serverNameProblem(*endpoint) || endpoint->find('.') == std::string::npos) {
          witness.error("endpoint", "must be a DNS suffix like core.windows.net");
        }
        spec.settings.cloudEndpoint = *endpoint;
      }
      witness.rejectUnknownFields();
    } else if (reader.isObject()) {
      reader.error("cloudWitness", "is required for mode cloudWitness");
    }
  }
  reader.rejectUnknownFields();
  if (errors.size() != before) return std::nullopt;
  return spec;
}

QuorumSpecParse parseQuorumSpec(const std::string& cluster, const nlohmann::json& body) {
  QuorumSpecParse out;
  out.spec = readQuorumSpec(cluster, body, "", out.errors);
  return out;
}

nlohmann::json toStored(const QuorumSpec& spec, SecretBox& secrets) {
  const auto& s = spec.settings;
  nlohmann::json out = {{"cluster", spec.cluster}, {"mode", toString(s.mode)}};
  switch (s.mode) {
    case QuorumMode::NodeMajority: break;
    case QuorumMode::NodeAndDiskMajority: out["diskWitness"] = {{"disk", s.disk}}; break;
    case QuorumMode::DiskOnly: out["disk"] = s.disk; break;
    case QuorumMode::NodeAndFileShareMajority:
      out["fileShareWitness"] = {{"path", s.sharePath}};
      if (spec.prepareLocalPath) out["fileShareWitness"]["prepare"] = {{"localPath", *spec.prepareLocalPath}};
      break;
    case QuorumMode::CloudWitness:
      out["cloudWitness"] = {{"accountName", s.cloudAccount},
                             {"accessKey", {{"sealed", secrets.seal(s.cloudAccessKey)}}},
                             {"endpoint", s.cloudEndpoint.empty() ? "core.windows.net" : s.cloudEndpoint}};
      break;
  }
  return out;
}

QuorumSpec quorumSpecFromStored(const nlohmann::json& stored) {
  QuorumSpec spec;
  spec.cluster = stored.at("cluster").get<std::string>();
  auto& s = spec.settings;
  s.mode = *parseQuorumMode(stored.at("mode").get<std::string>());
  if (stored.contains("diskWitness")) s.disk = stored["diskWitness"].at("disk").get<std::string>();
  if (stored.contains("disk")) s.disk = stored["disk"].get<std::string>();
  if (stored.contains("fileShareWitness")) {
    s.sharePath = stored["fileShareWitness"].at("path").get<std::string>();
    if (stored["fileShareWitness"].contains("prepare")) {
      spec.prepareLocalPath = stored["fileShareWitness"]["prepare"].at("localPath").get<std::string>();
    }
  }
  if (stored.contains("cloudWitness")) {
    s.cloudAccount = stored["cloudWitness"].at("accountName").get<std::string>();
    s.cloudAccessKey = stored["cloudWitness"].at("accessKey").at("sealed").get<std::string>();
    s.cloudEndpoint = stored["cloudWitness"].value("endpoint", "core.windows.net");
  }
  return spec;
}

JobRequest jobRequest(const QuorumSpec& spec) {
  JobRequest request(kConfigureQuorumKind, spec.cluster, ClusterTarget::Existing);
  request.refusal = [spec](const ClusterState& cluster) -> std::optional<Refusal> {
    auto plan = planQuorum(spec, cluster);
    if (plan.problems.empty()) return std::nullopt;
    return Refusal{422, "validationFailed", "this quorum cannot be configured on " + cluster.name,
                   toFieldErrors(plan.problems, "")};
  };
  request.storedSpec = [spec](SecretBox& secrets, const ClusterState*) { return toStored(spec, secrets); };
  return request;
}

}  // namespace cf
