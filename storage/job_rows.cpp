#include "storage/job_rows.h"

namespace cf::storage {

using nlohmann::json;

std::string stepsToText(const std::vector<StepProgress>& steps) {
  json out = json::array();
  for (const auto& s : steps) {
    out.push_back({{"name", s.name},
                   {"status", toString(s.status)},
                   {"startedAt", s.startedAt},
                   {"finishedAt", s.finishedAt},
                   {"message", s.message}});
  }
  return out.dump();
}

std::vector<StepProgress> stepsFromText(const std::string& text) {
  std::vector<StepProgress> steps;
  for (const auto& s : json::parse(text)) {
    steps.push_back({s.at("name").get<std::string>(),
                     parseStepStatus(s.at("status").get<std::string>()).value_or(StepStatus::Pending),
                     s.value("startedAt", ""), s.value("finishedAt", ""), s.value("message", "")});
  }
  return steps;
}

EventLevel eventLevelFromText(const std::string& text) {
  if (text == "error") return EventLevel::Error;
  if (text == "warning") return EventLevel::Warning;
  return EventLevel::Info;
}

api::DeliveryState deliveryStateFromText(const std::string& text) {
  if (text == "delivered") return api::DeliveryState::Delivered;
  if (text == "failed") return api::DeliveryState::Failed;
  return api::DeliveryState::Pending;
}

bool flagFromText(const std::string& text) { return text == "1" || text == "t" || text == "true"; }

StateColumns jobStateColumns(const Job& job) {
  auto optional = [](const std::string& value) -> std::optional<std::string> {
    if (value.empty()) return std::nullopt;
    return value;
  };
  return {{"id", job.id},
          {"status", toString(job.status)},
          {"cancel_requested", job.cancelRequested ? "1" : "0"},
          {"spec", job.spec.dump()},
          {"steps", stepsToText(job.steps)},
          {"percent", std::to_string(job.percent)},
          {"result", job.result.dump()},
          {"error", job.error.is_null() ? std::nullopt : std::optional<std::string>(job.error.dump())},
          {"attempt", std::to_string(job.attempt)},
          {"started_at", optional(job.startedAt)},
          {"finished_at", optional(job.finishedAt)},
          {"workflow_version", std::to_string(job.workflowVersion)}};
}

}  // namespace cf::storage
