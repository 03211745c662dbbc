// Storage: shared disks. A cluster without shared storage (the runbook's
// CCR cluster) skips them, saying why.
#include <set>

#include "orchestration/validation/validation_test.h"

namespace cf {

namespace {
const char* kCategory = "Storage";

std::set<std::string> sharedDisks(const ValidationFacts& facts) {
  std::set<std::string> disks;
  for (const auto* n : facts.reachableNodes()) disks.insert(n->server.sharedDisks.begin(), n->server.sharedDisks.end());
  return disks;
}

// True (and the finding recorded) when there is nothing to test.
bool skipWithoutSharedDisks(const ValidationFacts& facts, TestFindings& f) {
  if (!sharedDisks(facts).empty()) return false;
  f.skip(
      "the nodes see no shared disks, so there is no storage to validate "
      "(a cluster without shared storage, such as CCR, needs none)");
  return true;
}

void listAllDisks(const ValidationFacts& facts, TestFindings& f) {
  if (skipWithoutSharedDisks(facts, f)) return;
  for (const auto* n : facts.reachableNodes()) {
    f.fact(n->name, n->server.sharedDisks);
    f.pass(n->name + " sees " + std::to_string(n->server.sharedDisks.size()) + " shared disk(s)");
  }
}

void validateDiskAccess(const ValidationFacts& facts, TestFindings& f) {
  if (skipWithoutSharedDisks(facts, f)) return;
  for (const auto& disk : sharedDisks(facts)) {
    for (const auto* n : facts.reachableNodes()) {
      const auto& seen = n->server.sharedDisks;
      if (std::find(seen.begin(), seen.end(), disk) == seen.end()) {
        f.fail(n->name + " does not see shared disk " + disk);
      }
    }
  }
  if (f.status() == TestStatus::Passed) f.pass("every node sees every shared disk");
}

}  // namespace

void addStorageTests(std::vector<ValidationTest>& tests) {
  addTests(tests, kCategory,
           {
               {"List All Disks", "Lists the shared disks each node sees.", false, listAllDisks},
               {"Validate Disk Access", "Checks that every node sees every shared disk.", false, validateDiskAccess},
           });
}

}  // namespace cf
