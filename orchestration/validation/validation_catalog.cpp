#include "orchestration/validation/validation_catalog.h"

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
    if (test->requiresCluster && !facts.cluster) {
      results.push_back({test->category,
                         test->name,
                         TestStatus::NotApplicable,
                         {"applies to an existing cluster; these nodes are not one yet"},
                         nlohmann::json::object()});
      continue;
    }
    results.push_back(test->evaluate(facts));
  }
  return results;
}

nlohmann::json toJson(const ValidationReport& report) {
  nlohmann::json tests = nlohmann::json::array();
  for (const auto& r : report.results) {
    tests.push_back({{"category", r.category},
                     {"name", r.name},
                     {"status", toString(r.status)},
                     {"messages", r.messages},
                     {"facts", r.facts}});
  }
  return {{"id", report.id},
          {"jobId", report.jobId},
          {"cluster", report.cluster ? nlohmann::json(*report.cluster) : nlohmann::json()},
          {"nodes", report.nodes},
          {"createdAt", report.createdAt},
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
  const TestStatus statuses[] = {TestStatus::Passed, TestStatus::Warning, TestStatus::Failed, TestStatus::Skipped,
                                 TestStatus::NotApplicable};
  for (const auto& t : j.at("tests")) {
    TestResult r{t.at("category"), t.at("name"), TestStatus::Failed, t.at("messages"),
                 t.value("facts", nlohmann::json::object())};
    for (auto s : statuses) {
      if (toString(s) == t.at("status").get<std::string>()) r.status = s;
    }
    report.results.push_back(r);
  }
  return report;
}

}  // namespace cf
