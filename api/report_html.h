// A validation report as a self-contained HTML page a person can read and
// print: the summary first (worded like the wizard's), then failures, then
// warnings, then the rest; each test expands to its messages and the facts
// it looked at. No scripts, no external resources.
#pragma once

#include <string>

#include "orchestration/validation/validation_catalog.h"

namespace cf::api {

std::string renderReportHtml(const ValidationReport& report);
std::string escapeHtml(const std::string& text);

}  // namespace cf::api
