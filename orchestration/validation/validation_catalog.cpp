#include "orchestration/validation/validation_catalog.h"

#include <chrono>

#include "orchestration/common/clock.h"
#include "orchestration/model/computer_name.h"

namespace cf {

const std::vector<ValidationTest>& validationCatalog() {
  static const std::vector<ValidationTest> catalog = [] {
    std::vector<ValidationTest> tests;
    addInventoryTests(tests);
    addNetworkTests(tests);
    addSystemConfigurationTests(tests);
    addClusterConfigurationTests(tests);
    addStorageTests(tests);
    return tests;
  }();
  return catalog;
}

TestSelection selectTests(const std::vector<std::string>& include, const std::vector<std::string>& exclude) {
  TestSelection selection;
  auto names = [](const ValidationTest& t, const std::string& n) {
    return sameName(t.name, n) || sameName(t.category, n);
  };
  for (const auto* list : {&include, &exclude}) {
    for (const auto& n : *list) {
      bool known = false;
      for (const auto& t : validationCatalog()) known = known || names(t, n);
      if (!known) selection.unknown.push_back(n);
    }
  }
  for (const auto& t : validationCatalog()) {
    bool in = include.empty();
    for (const auto& n : include) in = in || names(t, n);
    for (const auto& n : exclude) in = in && !names(t, n);
    if (in) selection.tests.push_back(&t);
  }
  return selection;
}

std::string toString(Verdict verdict) {
  switch (verdict) {
    case Verdict::Suitable: return "suitable";
    case Verdict::SuitableWithWarnings: return "suitableWithWarnings";
    case Verdict::NotSuitable: return "notSuitable";
  }
  return "notSuitable";
}

int ValidationReport::count(TestStatus status) const {
  int n = 0;
  for (const auto& r : results) n += r.status == status ? 1 : 0;
  return n;
}

Verdict ValidationReport::verdict() const {
  if (count(TestStatus::Failed) > 0) return Verdict::NotSuitable;
  if (count(TestStatus::Warning) > 0) return Verdict::SuitableWithWarnings;
  return Verdict::Suitable;
}

std::vector<TestResult> runTests(const std::vector<const ValidationTest*>& tests, const ValidationFacts& facts) {
  std::vector<TestResult> results;
  for (const auto* test : tests) {
    std::string startedAt = nowRfc3339();
    auto started = std::chrono::steady_clock::now();
    TestResult result;
    if (test->requiresCluster && !facts.cluster) {
      result = {test->category,
                test->name,
                TestStatus::NotApplicable,
                {"applies to an existing cluster; these nodes are not one yet"},
                nlohmann::json::object()};
    } else {
      result = test->evaluate(facts);
    }
    result.description = test->description;
    result.startedAt = startedAt;
    result.durationMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    results.push_back(result);
  }
  return results;
}

std::vector<ValidatedServer> validatedServers(const ValidationFacts& facts) {
  std::vector<ValidatedServer> out;
  for (const auto& n : facts.nodes) {
    ValidatedServer s{n.name, facts.cluster ? "cluster node" : "node", "", 0, n.reachable ? "" : n.unreachableReason};
    if (n.reachable) {
      s.os = n.server.os.caption + (n.server.os.architecture.empty() ? "" : " " + n.server.os.architecture);
      s.servicePack = n.server.os.servicePack;
    }
    out.push_back(s);
  }
  return out;
}

nlohmann::json toJson(const ValidationReport& report) {
  nlohmann::json tests = nlohmann::json::array();
  for (const auto& r : report.results) {
    tests.push_back({{"category", r.category},
                     {"name", r.name},
                     {"status", toString(r.status)},
                     {"messages", r.messages},
                     {"facts", r.facts},
                     {"description", r.description},
                     {"startedAt", r.startedAt},
                     {"durationMs", r.durationMs}});
  }
  nlohmann::json servers = nlohmann::json::array();
  for (const auto& s : report.servers) {
    servers.push_back({{"name", s.name},
                       {"role", s.role},
                       {"os", s.os},
                       {"servicePack", s.servicePack},
                       {"unreachable", s.unreachable.empty() ? nlohmann::json() : nlohmann::json(s.unreachable)}});
  }
  return {{"id", report.id},
          {"jobId", report.jobId},
          {"cluster", report.cluster ? nlohmann::json(*report.cluster) : nlohmann::json()},
          {"nodes", report.nodes},
          {"createdAt", report.createdAt},
          {"servers", servers},
          {"summary",
           {{"verdict", toString(report.verdict())},
            {"passed", report.count(TestStatus::Passed)},
            {"warning", report.count(TestStatus::Warning)},
            {"failed", report.count(TestStatus::Failed)},
            {"skipped", report.count(TestStatus::Skipped)},
            {"notApplicable", report.count(TestStatus::NotApplicable)}}},
          {"tests", tests}};
}

ValidationReport reportFromJson(const nlohmann::json& j) {
  ValidationReport report;
  report.id = j.at("id").get<std::string>();
  report.jobId = j.value("jobId", "");
  if (j.contains("cluster") && j["cluster"].is_string()) report.cluster = j["cluster"].get<std::string>();
  report.nodes = j.at("nodes").get<std::vector<std::string>>();
  report.createdAt = j.value("createdAt", "");
  // Reports stored before servers were recorded have none.
  for (const auto& s : j.value("servers", nlohmann::json::array())) {
    report.servers.push_back(
        {s.value("name", ""), s.value("role", ""), s.value("os", ""), s.value("servicePack", 0),
         s.value("unreachable", nlohmann::json()).is_string() ? s["unreachable"].get<std::string>() : ""});
  }
  const TestStatus statuses[] = {TestStatus::Passed, TestStatus::Warning, TestStatus::Failed, TestStatus::Skipped,
                                 TestStatus::NotApplicable};
  for (const auto& t : j.at("tests")) {
    TestResult r{t.at("category"),
                 t.at("name"),
                 TestStatus::Failed,
                 t.at("messages"),
                 t.value("facts", nlohmann::json::object()),
                 t.value("description", ""),
                 t.value("startedAt", ""),
                 t.value("durationMs", 0.0)};
    for (auto s : statuses) {
      if (toString(s) == t.at("status").get<std::string>()) r.status = s;
    }
    report.results.push_back(r);
  }
  return report;
}

}  // namespace cf
