// The catalogue of validation tests, like `Test-Cluster -List`, and running a
// selection of them into a report.
//
// Selection: `include` and `exclude` name categories or tests (any case);
// an empty include means every test. Names that match nothing are returned so
// the request can be refused with them listed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestration/validation/validation_test.h"

namespace cf {

const std::vector<ValidationTest>& validationCatalog();

struct TestSelection {
  std::vector<const ValidationTest*> tests;
  std::vector<std::string> unknown;
};

TestSelection selectTests(const std::vector<std::string>& include, const std::vector<std::string>& exclude);

enum class Verdict { Suitable, SuitableWithWarnings, NotSuitable };
std::string toString(Verdict verdict);

// A server a validation looked at, as the Windows report lists it.
struct ValidatedServer {
  std::string name;
  std::string role;  // "node" (to be one) or "cluster node"
  std::string os;    // the caption; empty when the server did not answer
  int servicePack = 0;
  std::string unreachable;  // why it did not answer; empty when it did
};

// The servers of `facts`, in the role they were validated in.
std::vector<ValidatedServer> validatedServers(const ValidationFacts& facts);

struct ValidationReport {
  std::string id;
  std::string jobId;
  std::optional<std::string> cluster;
  std::vector<std::string> nodes;
  std::string createdAt;
  std::vector<ValidatedServer> servers;
  std::vector<TestResult> results;  // in catalogue order

  Verdict verdict() const;
  int count(TestStatus status) const;
};

// Runs the tests on the facts. A test that needs a cluster, run on nodes
// that are not one yet, is notApplicable.
std::vector<TestResult> runTests(const std::vector<const ValidationTest*>& tests, const ValidationFacts& facts);

nlohmann::json toJson(const ValidationReport& report);
ValidationReport reportFromJson(const nlohmann::json& json);

}  // namespace cf
