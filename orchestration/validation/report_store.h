// Durable home of validation reports, declared here and implemented in
// storage/ (SQLite). A report is saved whole and replaced whole under its id,
// so a validation step that runs again after a restart rewrites its report
// rather than adding a second one. Listing is keyset-paged, newest first,
// filterable by cluster or by node.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "orchestration/validation/validation_catalog.h"

namespace cf {

struct ReportQuery {
  std::optional<std::string> cluster;
  std::optional<std::string> node;
  int limit = 50;
  std::optional<int64_t> beforeSeq;
};

struct ReportPage {
  std::vector<ValidationReport> reports;
  std::optional<int64_t> nextBeforeSeq;
};

class ReportStore {
 public:
  virtual ~ReportStore() = default;
  virtual void save(const ValidationReport& report) = 0;
  virtual std::optional<ValidationReport> find(const std::string& id) = 0;
  virtual ReportPage list(const ReportQuery& query) = 0;
};

}  // namespace cf
