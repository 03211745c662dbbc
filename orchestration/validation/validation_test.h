// One validation test, named and grouped like the Windows validation wizard,
// and what it concluded. A test is a pure function of ValidationFacts.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestration/validation/validation_facts.h"

namespace cf {

enum class TestStatus { Passed, Warning, Failed, Skipped, NotApplicable };
std::string toString(TestStatus status);

struct TestResult {
  std::string category;
  std::string name;
  TestStatus status = TestStatus::Passed;
  std::vector<std::string> messages;
  nlohmann::json facts = nlohmann::json::object();  // what the test looked at
  std::string description = "";                     // what the test checks, from the catalogue
  std::string startedAt = "";                       // RFC 3339
  double durationMs = 0;
};

struct ValidationTest {
  std::string category;
  std::string name;
  std::string description;
  bool requiresCluster = false;
  std::function<TestResult(const ValidationFacts&)> evaluate;
};

// Builds a result as a test evaluates: each finding can only make the status worse.
class TestFindings {
 public:
  void pass(const std::string& message) { messages_.push_back(message); }
  void warn(const std::string& message);
  void fail(const std::string& message);
  // Nothing to test here (no shared disks, say); the message says why.
  void skip(const std::string& reason);
  TestStatus status() const { return status_; }
  void fact(const std::string& key, nlohmann::json value) { facts_[key] = std::move(value); }
  TestResult result(const std::string& category, const std::string& name) const;

 private:
  TestStatus status_ = TestStatus::Passed;
  std::vector<std::string> messages_;
  nlohmann::json facts_ = nlohmann::json::object();
};

// One test of a category, as its file lists it: a named function records its
// findings.
struct TestDefinition {
  const char* name;
  const char* description;
  bool requiresCluster;
  void (*body)(const ValidationFacts&, TestFindings&);
};

// Adds the category's tests, in the order listed.
void addTests(std::vector<ValidationTest>& tests, const char* category,
              std::initializer_list<TestDefinition> definitions);

// A finding of the same kind on every reachable node whose `value` differs
// from the first node's: used by the "same X on every node" tests. Returns
// the nodes' values as facts.
nlohmann::json compareAcrossNodes(const ValidationFacts& facts, TestFindings& findings, const std::string& what,
                                  const std::function<std::string(const ServerFacts&)>& value, bool failOnDifference);

// The categories' tests; validation_catalog.cpp puts them together.
void addInventoryTests(std::vector<ValidationTest>& tests);
void addNetworkTests(std::vector<ValidationTest>& tests);
void addSystemConfigurationTests(std::vector<ValidationTest>& tests);
void addClusterConfigurationTests(std::vector<ValidationTest>& tests);
void addStorageTests(std::vector<ValidationTest>& tests);

}  // namespace cf
