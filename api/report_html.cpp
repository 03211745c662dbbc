#include "api/report_html.h"

#include <algorithm>
#include <cstdio>

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
table.grid{border-collapse:collapse;margin:.5em 0} table.grid th,table.grid td{border:1px solid #ddd;padding:.25em .6em;
text-align:left;vertical-align:top} table.grid th{background:#f3f3f3} td.n{text-align:right}
.desc{color:#444;margin:.3em 0} .when{color:#666;font-size:.85em}
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

namespace {

// A fact's value as a person reads it: text as text, a list of plain values
// joined, an object as a small table, anything deeper as compact JSON.
std::string factHtml(const nlohmann::json& value, int depth = 0) {
  if (value.is_string()) return escapeHtml(value.get<std::string>());
  if (value.is_boolean()) return value.get<bool>() ? "yes" : "no";
  if (value.is_null()) return "&mdash;";
  if (value.is_array()) {
    bool plain = std::all_of(value.begin(), value.end(), [](const nlohmann::json& v) { return v.is_primitive(); });
    if (plain) {
      std::string out;
      for (const auto& v : value) out += (out.empty() ? "" : ", ") + factHtml(v, depth + 1);
      return out.empty() ? "&mdash;" : out;
    }
  }
  if (value.is_object() && depth < 2) {
    std::string out = "<table class=\"grid\">";
    for (const auto& [key, v] : value.items()) {
      out += "<tr><th>" + escapeHtml(key) + "</th><td>" + factHtml(v, depth + 1) + "</td></tr>";
    }
    return out + "</table>";
  }
  if (value.is_primitive()) return escapeHtml(value.dump());
  return "<code>" + escapeHtml(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) + "</code>";
}

std::string duration(double ms) {
  char text[32];
  std::snprintf(text, sizeof text, ms < 1000 ? "%.1f ms" : "%.2f s", ms < 1000 ? ms : ms / 1000);
  return text;
}

std::string testHtml(const TestResult& r) {
  bool open = r.status == TestStatus::Failed || r.status == TestStatus::Warning;
  std::string html = "<details class=\"" + toString(r.status) + "\"" + (open ? " open" : "") +
                     "><summary><span class=\"status\">" + label(r.status) + std::string("</span> ") +
                     escapeHtml(r.category) + " &rsaquo; <b>" + escapeHtml(r.name) + "</b></summary>\n";
  if (!r.description.empty()) html += "<p class=\"desc\">" + escapeHtml(r.description) + "</p>";
  if (!r.startedAt.empty()) {
    html += "<p class=\"when\">Started " + escapeHtml(r.startedAt) + ", took " + duration(r.durationMs) + "</p>";
  }
  html += "<ul>";
  for (const auto& m : r.messages) html += "<li>" + escapeHtml(m) + "</li>";
  html += "</ul>";
  if (!r.facts.empty()) html += factHtml(r.facts);
  return html + "</details>\n";
}

const TestStatus kStatuses[] = {TestStatus::Failed, TestStatus::Warning, TestStatus::Passed, TestStatus::Skipped,
                                TestStatus::NotApplicable};

}  // namespace

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
  for (auto status : kStatuses) {
    html += "<td>" + std::string(label(status)) + ": <b>" + std::to_string(report.count(status)) + "</b></td>";
  }
  html += "</tr></table></div>\n";

  if (!report.servers.empty()) {
    html +=
        "<h2>Validated servers</h2>\n<table class=\"grid\"><tr><th>Name</th><th>Role</th>"
        "<th>Operating system</th><th>Service pack</th><th>Reached</th></tr>";
    for (const auto& s : report.servers) {
      html += "<tr><td>" + escapeHtml(s.name) + "</td><td>" + escapeHtml(s.role) + "</td><td>" +
              (s.os.empty() ? "&mdash;" : escapeHtml(s.os)) + "</td><td class=\"n\">" +
              (s.os.empty() ? "&mdash;" : std::to_string(s.servicePack)) + "</td><td>" +
              (s.unreachable.empty() ? "yes" : "no: " + escapeHtml(s.unreachable)) + "</td></tr>";
    }
    html += "</table>\n";
  }

  // The categories in catalogue order, with their counts.
  std::vector<std::string> categories;
  for (const auto& r : report.results) {
    if (std::find(categories.begin(), categories.end(), r.category) == categories.end()) {
      categories.push_back(r.category);
    }
  }
  html += "<h2>Results by category</h2>\n<table class=\"grid\"><tr><th>Category</th>";
  for (auto status : kStatuses) html += "<th>" + std::string(label(status)) + "</th>";
  html += "</tr>";
  for (const auto& category : categories) {
    html += "<tr><td>" + escapeHtml(category) + "</td>";
    for (auto status : kStatuses) {
      auto n = std::count_if(report.results.begin(), report.results.end(),
                             [&](const TestResult& r) { return r.category == category && r.status == status; });
      html += "<td class=\"n\">" + std::to_string(n) + "</td>";
    }
    html += "</tr>";
  }
  html += "</table>\n";

  std::vector<const TestResult*> attention;
  for (const auto& r : report.results) {
    if (r.status == TestStatus::Failed || r.status == TestStatus::Warning) attention.push_back(&r);
  }
  std::stable_sort(attention.begin(), attention.end(),
                   [](const TestResult* a, const TestResult* b) { return order(a->status) < order(b->status); });
  if (!attention.empty()) {
    html += "<h2>Failures and warnings</h2>\n";
    for (const auto* r : attention) html += testHtml(*r);
  }
  for (const auto& category : categories) {
    html += "<h2>" + escapeHtml(category) + "</h2>\n";
    for (const auto& r : report.results) {
      if (r.category == category && r.status != TestStatus::Failed && r.status != TestStatus::Warning) {
        html += testHtml(r);
      }
    }
  }
  html += "</body></html>\n";
  return html;
}

}  // namespace cf::api
