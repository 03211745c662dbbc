#include "orchestration/validation/validation_test.h"

namespace cf {

std::string toString(TestStatus status) {
  switch (status) {
    case TestStatus::Passed: return "passed";
    case TestStatus::Warning: return "warning";
    case TestStatus::Failed: return "failed";
    case TestStatus::Skipped: return "skipped";
    case TestStatus::NotApplicable: return "notApplicable";
  }
  return "failed";
}

void TestFindings::warn(const std::string& message) {
  messages_.push_back(message);
  if (status_ == TestStatus::Passed) status_ = TestStatus::Warning;
}

void TestFindings::fail(const std::string& message) {
  messages_.push_back(message);
  status_ = TestStatus::Failed;
}

void TestFindings::skip(const std::string& reason) {
  messages_.push_back(reason);
  if (status_ == TestStatus::Passed) status_ = TestStatus::Skipped;
}

TestResult TestFindings::result(const std::string& category, const std::string& name) const {
  return TestResult{category, name, status_, messages_, facts_};
}

void addTests(std::vector<ValidationTest>& tests, const char* category,
              std::initializer_list<TestDefinition> definitions) {
  for (const auto& d : definitions) {
    ValidationTest test{category, d.name, d.description, d.requiresCluster, nullptr};
    test.evaluate = [category = std::string(category), name = std::string(d.name),
                     body = d.body](const ValidationFacts& facts) {
      TestFindings findings;
      body(facts, findings);
      return findings.result(category, name);
    };
    tests.push_back(std::move(test));
  }
}

nlohmann::json compareAcrossNodes(const ValidationFacts& facts, TestFindings& findings, const std::string& what,
                                  const std::function<std::string(const ServerFacts&)>& value, bool failOnDifference) {
  nlohmann::json values = nlohmann::json::object();
  auto nodes = facts.reachableNodes();
  for (const auto* n : nodes) values[n->name] = value(n->server);
  if (nodes.empty()) return values;
  const std::string reference = value(nodes.front()->server);
  bool same = true;
  for (const auto* n : nodes) {
    std::string mine = value(n->server);
    if (mine == reference) continue;
    same = false;
    std::string message =
        n->name + " has " + what + " '" + mine + "', " + nodes.front()->name + " has '" + reference + "'";
    if (failOnDifference) findings.fail(message);
    else findings.warn(message);
  }
  if (same) findings.pass("all nodes have " + what + " '" + reference + "'");
  return values;
}

}  // namespace cf
