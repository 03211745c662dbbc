#include "api/resource_json.h"

#include "api/problem_response.h"
#include "orchestration/common/utf8.h"
#include "orchestration/jobs/workflow_catalog.h"
#include "orchestration/model/cluster_json.h"

namespace cf::api {

namespace {
// A job is rendered on every submit and every change, so it is written
// straight into its text rather than built as a tree and dumped: the bytes
// are the ones jsonResponse would give (members in name order, no spaces,
// text that is not UTF-8 shown as U+FFFD).
class JsonWriter {
 public:
  std::string text;

  void open(char bracket) {
    separate();
    text.push_back(bracket);
    first_ = true;
  }
  void close(char bracket) {
    text.push_back(bracket);
    first_ = false;
  }
  void member(std::string_view name) {
    string(name);
    text.push_back(':');
    first_ = true;  // the value that follows needs no separator
  }
  void string(std::string_view s) {
    if (!isValidUtf8(s)) return string(toValidUtf8(s));
    separate();
    text.push_back('"');
    for (char c : s) {
      switch (c) {
        case '"': text.append("\\\""); break;
        case '\\': text.append("\\\\"); break;
        case '\b': text.append("\\b"); break;
        case '\f': text.append("\\f"); break;
        case '\n': text.append("\\n"); break;
        case '\r': text.append("\\r"); break;
        case '\t': text.append("\\t"); break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            text.append("\\u00");
            text.push_back("0123456789abcdef"[(c >> 4) & 0xF]);
            text.push_back("0123456789abcdef"[c & 0xF]);
          } else {
            text.push_back(c);
          }
      }
    }
    text.push_back('"');
    first_ = false;
  }
  void stringOrNull(const std::string& s) { s.empty() ? literal("null") : string(s); }
  void literal(std::string_view json) {
    separate();
    text.append(json);
    first_ = false;
  }
  // A stored spec keeps secrets sealed ({"sealed": "..."}); no answer shows
  // even the sealed form. `skipKey`, if any, is left out of the top object.
  void withoutSecrets(const nlohmann::json& value, const char* skipKey = nullptr) {
    if (value.is_object() && value.contains("sealed")) {
      literal("\"(secret)\"");
    } else if (value.is_object()) {
      open('{');
      for (const auto& [key, item] : value.items()) {
        if (skipKey && key == skipKey) continue;
        member(key);
        withoutSecrets(item);
      }
      close('}');
    } else if (value.is_array()) {
      open('[');
      for (const auto& item : value) withoutSecrets(item);
      close(']');
    } else if (value.is_string()) {
      string(value.get_ref<const std::string&>());
    } else {
      literal(dumpForClient(value));
    }
  }

 private:
  void separate() {
    if (!first_) text.push_back(',');
  }
  bool first_ = true;
};
}  // namespace

std::string jobPath(const std::string& id) { return "/v1/jobs/" + id; }

std::string jobJson(const Job& job) {
  const std::string self = jobPath(job.id);
  JsonWriter w;
  w.text.reserve(1024);
  w.open('{');
  w.member("attempt");
  w.literal(std::to_string(job.attempt));
  w.member("cancelRequested");
  w.literal(job.cancelRequested ? "true" : "false");
  w.member("cluster");
  w.stringOrNull(job.cluster);
  w.member("createdAt");
  w.string(job.createdAt);
  w.member("error");
  w.literal(dumpForClient(job.error));
  w.member("finishedAt");
  w.stringOrNull(job.finishedAt);
  w.member("id");
  w.string(job.id);
  w.member("kind");
  w.string(job.kind);
  w.member("links");
  w.open('{');
  if (!isTerminal(job.status)) {
    w.member("cancel");
    w.string(self + "/cancel");
  }
  if (!job.cluster.empty()) {
    w.member("cluster");
    w.string("/v1/clusters/" + job.cluster);
  }
  w.member("events");
  w.string(self + "/events");
  w.member("self");
  w.string(self);
  w.close('}');
  w.member("progress");
  w.open('{');
  w.member("currentStep");
  w.stringOrNull(job.currentStep());
  w.member("percent");
  w.literal(std::to_string(job.percent));
  w.member("steps");
  w.open('[');
  for (const auto& s : job.steps) {
    w.open('{');
    w.member("finishedAt");
    w.stringOrNull(s.finishedAt);
    w.member("message");
    w.string(s.message);
    w.member("name");
    w.string(s.name);
    w.member("startedAt");
    w.stringOrNull(s.startedAt);
    w.member("status");
    w.string(toString(s.status));
    w.close('}');
  }
  w.close(']');
  w.close('}');
  w.member("result");
  w.literal(dumpForClient(job.result));
  w.member("spec");
  // The stored form's bookkeeping is not the client's either.
  w.withoutSecrets(job.spec, kSpecSchemaVersionKey);
  w.member("startedAt");
  w.stringOrNull(job.startedAt);
  w.member("status");
  w.string(toString(job.status));
  w.close('}');
  return std::move(w.text);
}

nlohmann::json eventToJson(const JobEvent& event) {
  return {{"sequence", event.sequence},
          {"time", event.time},
          {"level", toString(event.level)},
          {"step", event.step.empty() ? nlohmann::json() : nlohmann::json(event.step)},
          {"message", event.message}};
}

nlohmann::json clusterToJson(const ClusterView& cluster) {
  auto out = toJson(cluster.state);
  out["lastJob"] = cluster.lastJob ? nlohmann::json({{"id", cluster.lastJob->id},
                                                     {"kind", cluster.lastJob->kind},
                                                     {"status", toString(cluster.lastJob->status)},
                                                     {"href", jobPath(cluster.lastJob->id)}})
                                   : nlohmann::json();
  out["links"] = {{"self", "/v1/clusters/" + cluster.state.name}, {"jobs", "/v1/jobs?cluster=" + cluster.state.name}};
  return out;
}

}  // namespace cf::api
