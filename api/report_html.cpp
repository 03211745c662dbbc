#include "api/report_html.h"

#include <algorithm>

namespace cf::api {

namespace {

const char* kStyle = R"css(
body{font-family:Segoe UI,Helvetica,Arial,sans-serif;margin:2em;color:#1b1b1b;max-width:70em}
h1{font-size:1.5em;margin-bottom:.2em} .meta{color:#555;margin-top:0}
.summary{border:1px solid #ccc;border-radius:6px;padding:1em;margin:1em 0}
.verdict{font-size:1.2em;font-weight:600} .suitable{color:#0a7d32} .suitableWithWarnings{color:#9a6700}
.notSuitable{color:#b3261e} table.counts td{padding:0 1em 0 0}
h2{font-size:1.15em;margin-top:1.5em;border-bottom:1px solid #ddd}
details{border:1px solid #e2e2e2;border-radius:4px;margin:.4em 0;padding:.4em .8em}
summary{cursor:pointer} .status{display:inline-block;min-width:8.5em;font-weight:600}
.failed .status{color:#b3261e} .warning .status{color:#9a6700} .passed .status{color:#0a7d32}
.skipped .status,.notApplicable .status{color:#555}
pre{background:#f6f8fa;padding:.6em;overflow-x:auto;font-size:.85em}
@media print{details{break-inside:avoid} details>*{display:block}}
)css";

std::string verdictSentence(Verdict verdict) {
  switch (verdict) {
    case Verdict::Suitable: return "The configuration appears to be suitable for clustering.";
    case Verdict::SuitableWithWarnings:
      return "The configuration appears to be suitable for clustering. However, you should review the warnings.";
    case Verdict::NotSuitable:
      return "The configuration is not suitable for clustering. Fix the failures and validate again.";
  }
  return "";
}

// The status as a person reads it (the JSON keeps the API's words).
const char* label(TestStatus s) {
  switch (s) {
    case TestStatus::Passed: return "Passed";
    case TestStatus::Warning: return "Warning";
    case TestStatus::Failed: return "Failed";
    case TestStatus::Skipped: return "Skipped";
    case TestStatus::NotApplicable: return "Not applicable";
  }
  return "";
}

int order(TestStatus s) {
  switch (s) {
    case TestStatus::Failed: return 0;
    case TestStatus::Warning: return 1;
    case TestStatus::Passed: return 2;
    case TestStatus::Skipped: return 3;
    case TestStatus::NotApplicable: return 4;
  }
  return 5;
}

}  // namespace

std::string escapeHtml(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string renderReportHtml(const ValidationReport& report) {
  std::string target = report.cluster ? "cluster " + *report.cluster : "nodes";
  std::string nodes;
  for (const auto& n : report.nodes) nodes += (nodes.empty() ? "" : ", ") + n;
  Verdict verdict = report.verdict();

  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>Validation report " +
      escapeHtml(report.id) + "</title><style>" + kStyle + "</style></head><body>\n";
  html += "<h1>Failover Cluster Validation Report</h1>\n<p class=\"meta\">" + escapeHtml(target) + " &middot; " +
          escapeHtml(nodes) + " &middot; " + escapeHtml(report.createdAt) + " &middot; report " +
          escapeHtml(report.id) + "</p>\n";
  html += "<div class=\"summary\"><p class=\"verdict " + toString(verdict) + "\">" +
          escapeHtml(verdictSentence(verdict)) + "</p><table class=\"counts\"><tr>";
  for (auto status :
       {TestStatus::Failed, TestStatus::Warning, TestStatus::Passed, TestStatus::Skipped, TestStatus::NotApplicable}) {
    html += "<td>" + std::string(label(status)) + ": <b>" + std::to_string(report.count(status)) + "</b></td>";
  }
  html += "</tr></table></div>\n";

  std::vector<const TestResult*> results;
  for (const auto& r : report.results) results.push_back(&r);
  std::stable_sort(results.begin(), results.end(),
                   [](const TestResult* a, const TestResult* b) { return order(a->status) < order(b->status); });
  std::string section;
  for (const auto* r : results) {
    std::string heading = r->status == TestStatus::Failed    ? "Failures"
                          : r->status == TestStatus::Warning ? "Warnings"
                                                             : "Other results";
    if (heading != section) {
      html += "<h2>" + heading + "</h2>\n";
      section = heading;
    }
    bool open = r->status == TestStatus::Failed || r->status == TestStatus::Warning;
    html += "<details class=\"" + toString(r->status) + "\"" + (open ? " open" : "") +
            "><summary><span class=\"status\">" + label(r->status) + std::string("</span> ") + escapeHtml(r->category) +
            " &rsaquo; <b>" + escapeHtml(r->name) + "</b></summary>\n<ul>";
    for (const auto& m : r->messages) html += "<li>" + escapeHtml(m) + "</li>";
    html += "</ul>";
    if (!r->facts.empty()) html += "<pre>" + escapeHtml(r->facts.dump(2)) + "</pre>";
    html += "</details>\n";
  }
  html += "</body></html>\n";
  return html;
}

}  // namespace cf::api
