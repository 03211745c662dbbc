// Validation: the test catalogue, starting a validation, and the stored
// reports as JSON and as a readable page.
#include "api/handlers.h"
#include "api/problem_response.h"
#include "api/report_html.h"
#include "api/request_parsing.h"
#include "orchestration/model/computer_name.h"
#include "orchestration/specs/validation_spec.h"

namespace cf::api {

namespace {

nlohmann::json reportSummaryJson(const ValidationReport& report) {
  auto full = toJson(report);
  full.erase("tests");
  full["links"] = {{"self", "/v1/validations/" + report.id},
                   {"html", "/v1/validations/" + report.id + "/report.html"},
                   {"job", "/v1/jobs/" + report.jobId}};
  return full;
}

std::variant<ValidationReport, Response> reportFor(Request& request, ApiDependencies& deps) {
  const auto& id = request.param("id");
  auto report = id.size() <= 64 ? deps.reports.find(id) : std::nullopt;
  if (!report) {
    // The report id is the job id: say whether the job is still at work.
    auto job = deps.jobs.job(id);
    if (job && !isTerminal(job->status)) {
      auto r = problemResponse(
          request, 404, "reportNotReady", "Report not ready",
          "validation job " + id + " is " + toString(job->status) + "; the report follows when it ends");
      r.setHeader("Retry-After", "2");
      return r;
    }
    return problemResponse(request, 404, "reportNotFound", "Report not found", "there is no validation report " + id);
  }
  return *report;
}

Response listTests(Request&) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& t : validationCatalog()) {
    items.push_back({{"category", t.category},
                     {"name", t.name},
                     {"description", t.description},
                     {"requiresCluster", t.requiresCluster}});
  }
  return jsonResponse(200, {{"items", items}});
}

Response startValidation(Request& request, ApiDependencies& deps) {
  auto body = readJsonBody(request, deps.maxJsonDepth);
  if (auto* refused = std::get_if<Response>(&body)) return *refused;
  auto parsed = parseValidationSpec(std::get<nlohmann::json>(body));
  if (!parsed.spec) return invalidInput(request, parsed.errors);
  return submitJob(request, deps, jobRequest(*parsed.spec));
}

Response listReports(Request& request, ApiDependencies& deps) {
  ReportQuery query;
  FieldErrors errors;
  for (auto [key, target] : {std::pair{"cluster", &query.cluster}, std::pair{"node", &query.node}}) {
    if (auto value = request.queryParam(key)) {
      if (computerNameProblem(*value)) errors.push_back(FieldError::parameter(key, "must be a computer name"));
      *target = canonicalName(*value);
    }
  }
  auto paging = readPaging(request, errors);
  if (auto* refused = std::get_if<Response>(&paging)) return *refused;
  query.beforeSeq = std::get<Paging>(paging).beforeSeq;
  query.limit = std::get<Paging>(paging).limit;
  auto page = deps.reports.list(query);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : page.reports) items.push_back(reportSummaryJson(r));
  return pageResponse(items, page.nextBeforeSeq);
}

Response getReport(Request& request, ApiDependencies& deps) {
  auto report = reportFor(request, deps);
  if (auto* missing = std::get_if<Response>(&report)) return *missing;
  auto body = toJson(std::get<ValidationReport>(report));
  body["links"] = reportSummaryJson(std::get<ValidationReport>(report))["links"];
  return jsonResponse(200, body);
}

Response getReportHtml(Request& request, ApiDependencies& deps) {
  auto report = reportFor(request, deps);
  if (auto* missing = std::get_if<Response>(&report)) return *missing;
  Response r;
  r.contentType = "text/html; charset=utf-8";
  r.body = renderReportHtml(std::get<ValidationReport>(report));
  return r;
}

}  // namespace

void registerValidationRoutes(Router& router, ApiDependencies& deps) {
  router.add("GET", "/v1/validations/tests", Access::Reader, [](Request& r) { return listTests(r); });
  router.add("POST", "/v1/validations", Access::Operator, [&deps](Request& r) { return startValidation(r, deps); },
             {kDryRunParameter});
  router.add("GET", "/v1/validations", Access::Reader, [&deps](Request& r) { return listReports(r, deps); },
             {"cluster", "node", "pageToken", "limit"});
  router.add("GET", "/v1/validations/{id}", Access::Reader, [&deps](Request& r) { return getReport(r, deps); });
  router.add("GET", "/v1/validations/{id}/report.html", Access::Reader,
             [&deps](Request& r) { return getReportHtml(r, deps); });
}

}  // namespace cf::api
