// How a job, its events, tokens and webhook rows map to table columns, shared
// by the SQLite and PostgreSQL adapters so the two cannot drift apart. Every
// column travels as text (or NULL); a Row is anything with text(i),
// optionalText(i) and integer(i) for its i-th selected column.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/token_store.h"
#include "api/webhook_store.h"
#include "orchestration/jobs/job.h"

namespace cf::storage {

// SELECT list that jobFromRow reads, in its order.
constexpr const char* kJobColumns =
    "seq, id, kind, cluster, status, cancel_requested, spec, steps, percent, result, error, attempt, "
    "created_at, started_at, finished_at, workflow_version, request_key";
constexpr const char* kEventColumns = "sequence, time, level, step, message";
constexpr const char* kTokenColumns = "name, role, created_at, expires_at, last_used_at, revoked_at";
constexpr const char* kSubscriptionColumns = "id, url, events, sealed_secret, created_at";
constexpr const char* kDeliveryColumns =
    "seq, id, subscription_id, event, job_id, body, state, attempts, created_at, first_attempt_due_ms, "
    "next_attempt_ms, last_attempt_at, last_status, last_error";

std::string stepsToText(const std::vector<StepProgress>& steps);
std::vector<StepProgress> stepsFromText(const std::string& text);
EventLevel eventLevelFromText(const std::string& text);
api::DeliveryState deliveryStateFromText(const std::string& text);
// "1"/"true"/"t" as stored by either database.
bool flagFromText(const std::string& text);

// The columns both INSERT and UPDATE write, by name; NULL as nullopt.
using StateColumns = std::vector<std::pair<std::string, std::optional<std::string>>>;
StateColumns jobStateColumns(const Job& job);

template <typename Row>
Job jobFromRow(const Row& row) {
  Job job;
  job.seq = row.integer(0);
  job.id = row.text(1);
  job.kind = row.text(2);
  job.cluster = row.text(3);
  job.status = parseJobStatus(row.text(4)).value_or(JobStatus::Failed);
  job.cancelRequested = flagFromText(row.text(5));
  job.spec = nlohmann::json::parse(row.text(6));
  job.steps = stepsFromText(row.text(7));
  job.percent = static_cast<int>(row.integer(8));
  job.result = nlohmann::json::parse(row.text(9));
  auto error = row.optionalText(10);
  job.error = error ? nlohmann::json::parse(*error) : nlohmann::json();
  job.attempt = static_cast<int>(row.integer(11));
  job.createdAt = row.text(12);
  job.startedAt = row.optionalText(13).value_or("");
  job.finishedAt = row.optionalText(14).value_or("");
  job.workflowVersion = static_cast<int>(row.integer(15));
  job.requestKey = row.optionalText(16).value_or("");
  return job;
}

template <typename Row>
JobEvent eventFromRow(const Row& row) {
  return {row.integer(0), row.text(1), eventLevelFromText(row.text(2)), row.text(3), row.text(4)};
}

template <typename Row>
api::TokenRecord tokenFromRow(const Row& row) {
  return {row.text(0),         api::parseRole(row.text(1)).value_or(api::Role::Reader),
          row.text(2),         row.optionalText(3),
          row.optionalText(4), row.optionalText(5)};
}

template <typename Row>
api::WebhookSubscription subscriptionFromRow(const Row& row) {
  api::WebhookSubscription s;
  s.id = row.text(0);
  s.url = row.text(1);
  s.events = nlohmann::json::parse(row.text(2)).template get<std::vector<std::string>>();
  s.sealedSecret = row.text(3);
  s.createdAt = row.text(4);
  return s;
}

template <typename Row>
api::WebhookDelivery deliveryFromRow(const Row& row) {
  api::WebhookDelivery d;
  d.seq = row.integer(0);
  d.id = row.text(1);
  d.subscriptionId = row.text(2);
  d.event = row.text(3);
  d.jobId = row.text(4);
  d.body = row.text(5);
  d.state = deliveryStateFromText(row.text(6));
  d.attempts = static_cast<int>(row.integer(7));
  d.createdAt = row.text(8);
  d.firstAttemptDueMs = row.integer(9);
  d.nextAttemptMs = row.integer(10);
  d.lastAttemptAt = row.optionalText(11);
  if (auto status = row.optionalText(12)) d.lastStatus = std::stoi(*status);
  d.lastError = row.text(13);
  return d;
}

}  // namespace cf::storage
