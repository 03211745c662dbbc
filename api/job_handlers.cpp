#include "api/entity_tag.h"
#include "api/handlers.h"
#include "api/prefer.h"
#include "api/problem_response.h"
#include "api/request_parsing.h"
#include "api/resource_json.h"
#include "orchestration/jobs/problem.h"
#include "orchestration/model/computer_name.h"

namespace cf::api {

namespace {

constexpr long long kMaxEventsPerPage = 1000;
constexpr const char* kRetryAfterSeconds = "2";

Response jobNotFound(const Request& request, const std::string& id) {
  return problemResponse(request, 404, "jobNotFound", "Job not found", "there is no job with id " + id);
}

// The job as GET answers it, rendered once per change (JobViewCache).
std::shared_ptr<const JobView> jobView(ApiDependencies& deps, const std::string& id) {
  return deps.jobViews->get(id, [&]() -> std::optional<JobView> {
    auto job = deps.jobs.job(id);
    if (!job) return std::nullopt;
    std::string body = jobJson(*job);
    std::string tag = entityTagOf(body);
    return JobView{std::move(body), std::move(tag), isTerminal(job->status)};
  });
}

// 200 with the job; 304 when the client holds this version already, made
// here rather than by applyConditionalGet so that no body is copied only to
// be dropped: most of a polling dashboard's GETs end that way.
Response viewResponse(const JobView& view, bool clientHasIt = false) {
  Response r = clientHasIt ? Response{304, "", "", {}, nullptr} : Response{200, "application/json", view.body, {}, nullptr};
  r.setHeader("ETag", view.etag);
  if (!view.terminal) r.setHeader("Retry-After", kRetryAfterSeconds);
  return r;
}

// How long the client will wait for a change (Prefer: wait=N), if at all.
std::optional<std::chrono::seconds> requestedWait(const Request& request) {
  auto prefer = request.header("prefer");
  if (!prefer) return std::nullopt;
  auto wait = preferredWait(*prefer);
  if (!wait || wait->count() == 0) return std::nullopt;
  return wait;
}

// A response that waits up to `wait` for job `id` to change, answering what
// `answer` gives; it says the preference was applied.
Response waitForChange(const std::string& id, std::chrono::seconds wait,
                       std::function<std::optional<Response>(bool waitEnded)> answer) {
  Response parked;
  parked.deferral = std::make_shared<Deferral>();
  parked.deferral->jobId = id;
  parked.deferral->deadline = std::chrono::steady_clock::now() + wait;
  parked.deferral->answer = [answer = std::move(answer), wait](bool waitEnded) -> std::optional<Response> {
    auto r = answer(waitEnded);
    if (r) r->setHeader("Preference-Applied", "wait=" + std::to_string(wait.count()));
    return r;
  };
  return parked;
}

// With Prefer: wait and an If-None-Match naming the job as it is, the answer
// waits until the job changes (200) or the wait ends (304). A finished job
// never changes, so it is answered at once.
Response getJob(Request& request, ApiDependencies& deps) {
  const std::string id = request.param("id");
  auto view = jobView(deps, id);
  if (!view) return jobNotFound(request, id);
  if (!ifNoneMatchHits(request, view->etag)) return viewResponse(*view);
  auto wait = requestedWait(request);
  if (!wait || view->terminal) return viewResponse(*view, true);
  return waitForChange(id, *wait, [&deps, id, seen = view->etag, asked = request](bool waitEnded) -> std::optional<Response> {
    auto now = jobView(deps, id);
    if (!now) return jobNotFound(asked, id);
    if (!waitEnded && now->etag == seen) return std::nullopt;
    return viewResponse(*now);
  });
}

Response listJobs(Request& request, ApiDependencies& deps) {
  JobQuery query;
  FieldErrors errors;
  if (auto status = request.queryParam("status")) {
    query.status = parseJobStatus(*status);
    if (!query.status) {
      errors.push_back(FieldError::parameter("status", "must be one of: queued, running, succeeded, failed, canceled"));
    }
  }
  if (auto kind = request.queryParam("kind")) {
    if (kind->empty() || kind->size() > 64) errors.push_back(FieldError::parameter("kind", "must be a job kind"));
    query.kind = *kind;
  }
  if (auto cluster = request.queryParam("cluster")) {
    if (computerNameProblem(*cluster)) errors.push_back(FieldError::parameter("cluster", "must be a cluster name"));
    query.cluster = canonicalName(*cluster);
  }
  auto paging = readPaging(request, errors);
  if (auto* refused = std::get_if<Response>(&paging)) return *refused;
  query.beforeSeq = std::get<Paging>(paging).beforeSeq;
  query.limit = std::get<Paging>(paging).limit;

  auto page = deps.jobs.jobs(query);
  std::string items = "[";
  for (const auto& job : page.jobs) {
    if (items.size() > 1) items += ',';
    items += jobJson(job);
  }
  items += ']';
  return renderedPageResponse(items, page.nextBeforeSeq);
}

Response eventPage(const std::vector<JobEvent>& events, long long afterSequence) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : events) items.push_back(eventToJson(e));
  return jsonResponse(200,
                      {{"items", items}, {"lastSequence", events.empty() ? afterSequence : events.back().sequence}});
}

Response listEvents(Request& request, ApiDependencies& deps) {
  const std::string id = request.param("id");
  auto job = deps.jobs.job(id);
  if (!job) return jobNotFound(request, id);
  auto after = integerQuery(request, "after", 0, 1'000'000'000'000LL, 0);
  if (auto* refused = std::get_if<Response>(&after)) return *refused;
  auto limit = integerQuery(request, "limit", 1, kMaxEventsPerPage, 200);
  if (auto* refused = std::get_if<Response>(&limit)) return *refused;

  long long afterSequence = std::get<long long>(after);
  int pageSize = static_cast<int>(std::get<long long>(limit));
  auto events = deps.jobs.events(id, afterSequence, pageSize);
  auto wait = requestedWait(request);
  // With Prefer: wait and nothing newer yet, the page waits for the next
  // event, or comes back empty when the wait ends. A finished job logs no more.
  if (events.empty() && wait && !isTerminal(job->status)) {
    return waitForChange(id, *wait, [&deps, id, afterSequence, pageSize](bool waitEnded) -> std::optional<Response> {
      auto newer = deps.jobs.events(id, afterSequence, pageSize);
      if (newer.empty() && !waitEnded) return std::nullopt;
      return eventPage(newer, afterSequence);
    });
  }
  return eventPage(events, afterSequence);
}

Response cancelJob(Request& request, ApiDependencies& deps) {
  const auto& id = request.param("id");
  auto job = deps.jobs.cancel(id);
  if (!job) return jobNotFound(request, id);
  if (isTerminal(job->status)) {
    return problemResponse(request, 409, "jobFinished", "The job has already finished",
                           "job " + id + " is " + toString(job->status) + " and can no longer be canceled");
  }
  return acceptedJobResponse(*job);
}

}  // namespace

Response acceptedJobResponse(const Job& job) {
  Response r{202, "application/json", jobJson(job), {}, nullptr};
  r.setHeader("Location", jobPath(job.id));
  r.setHeader("Operation-Location", jobPath(job.id));
  r.setHeader("Retry-After", kRetryAfterSeconds);
  return r;
}

namespace {

nlohmann::json refusalProblem(const Refusal& refusal) {
  if (!refusal.errors.empty()) return invalidInputProblem(refusal.errors, refusal.status);
  const char* title = refusal.status == 404 ? "Not found" : "The request conflicts with the cluster as it is";
  return makeProblem(refusal.code, title, refusal.status, refusal.detail);
}

// 200 with what the request would change, in order, and the refusal it
// would earn; nothing is stored or changed.
Response dryRunResponse(ApiDependencies& deps, const JobRequest& job) {
  DryRun plan = deps.jobs.dryRun(job);
  nlohmann::json changes = nlohmann::json::array();
  for (const auto& entry : plan.changes) changes.push_back(toJson(entry));
  nlohmann::json refusal;
  if (plan.refusal) {
    refusal = refusalProblem(*plan.refusal);
    if (!plan.failedStep.empty()) refusal["step"] = plan.failedStep;
    if (plan.win32) refusal["win32"] = win32Json(*plan.win32);
  }
  return jsonResponse(200, {{"dryRun", true},
                            {"kind", job.kind},
                            {"cluster", job.cluster.empty() ? nlohmann::json() : nlohmann::json(job.cluster)},
                            {"changes", changes},
                            {"refusal", refusal}});
}

}  // namespace

Response submitJob(const Request& request, ApiDependencies& deps, JobRequest job) {
  auto dryRun = booleanQuery(request, kDryRunParameter, false);
  if (auto* refused = std::get_if<Response>(&dryRun)) return *refused;
  if (std::get<bool>(dryRun)) return dryRunResponse(deps, job);
  job.requestKey = request.requestKey;
  JobStore::Alongside recordAcceptance;
  if (request.recordAcceptance) recordAcceptance = [&request](const Job& made) { request.recordAcceptance(made.id); };
  SubmitOutcome outcome = deps.jobs.submit(job, recordAcceptance);
  if (const auto* refusal = std::get_if<Refusal>(&outcome)) {
    return problemResponse(request, refusalProblem(*refusal));
  }
  return acceptedJobResponse(std::get<Job>(outcome));
}

void registerJobRoutes(Router& router, ApiDependencies& deps) {
  router.add("GET", "/v1/jobs", Access::Reader, [&deps](Request& r) { return listJobs(r, deps); },
             {"status", "kind", "cluster", "pageToken", "limit"});
  router.add("GET", "/v1/jobs/{id}", Access::Reader, [&deps](Request& r) { return getJob(r, deps); });
  router.add("GET", "/v1/jobs/{id}/events", Access::Reader, [&deps](Request& r) { return listEvents(r, deps); },
             {"after", "limit"});
  router.add("POST", "/v1/jobs/{id}/cancel", Access::Operator, [&deps](Request& r) { return cancelJob(r, deps); });
}

}  // namespace cf::api
