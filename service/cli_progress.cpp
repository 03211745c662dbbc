#include "service/cli_progress.h"

#include <iomanip>
#include <sstream>

namespace cf::service {

namespace {

const char* markOf(const std::string& status) {
  if (status == "succeeded") return "[ok]";
  if (status == "running") return "[..]";
  if (status == "failed") return "[!!]";
  if (status == "canceled") return "[--]";
  if (status == "skipped") return "[ -]";
  return "[  ]";
}

std::string headline(const nlohmann::json& job) {
  std::ostringstream line;
  line << "job " << jsonText(job["id"]) << " (" << jsonText(job["kind"]);
  if (job["cluster"].is_string()) line << ", " << jsonText(job["cluster"]);
  line << "): " << jsonText(job["status"]) << ", " << job["progress"].value("percent", 0) << "%";
  return line.str();
}

}  // namespace

std::string jsonText(const nlohmann::json& value) { return value.is_string() ? value.get<std::string>() : ""; }

void JobProgressDisplay::show(const nlohmann::json& job) {
  if (terminal_) redraw(job);
  else printChanges(job);
  out_.flush();
}

void JobProgressDisplay::redraw(const nlohmann::json& job) {
  // Up over the block drawn last time, then each line cleared and rewritten.
  if (linesDrawn_ > 0) out_ << "\x1b[" << linesDrawn_ << "A";
  out_ << "\x1b[2K" << headline(job) << "\n";
  size_t lines = 1;
  for (const auto& step : job["progress"]["steps"]) {
    std::string status = jsonText(step["status"]);
    out_ << "\x1b[2K  " << markOf(status) << " " << std::left << std::setw(28) << jsonText(step["name"]) << " "
         << std::setw(10) << status << " " << jsonText(step["message"]) << "\n";
    ++lines;
  }
  linesDrawn_ = lines;
}

void JobProgressDisplay::printChanges(const nlohmann::json& job) {
  std::string status = jsonText(job["status"]);
  if (status != lastStatus_) {
    out_ << headline(job) << "\n";
    lastStatus_ = status;
  }
  for (const auto& step : job["progress"]["steps"]) {
    std::string name = jsonText(step["name"]);
    std::string stepStatus = jsonText(step["status"]);
    if (stepStatus == "pending" || stepStatus_[name] == stepStatus) continue;
    stepStatus_[name] = stepStatus;
    out_ << "  step " << name << ": " << stepStatus;
    if (!jsonText(step["message"]).empty()) out_ << " (" << jsonText(step["message"]) << ")";
    out_ << "\n";
  }
}

std::string describeProblem(const nlohmann::json& problem) {
  if (!problem.is_object()) return "no details";
  std::ostringstream line;
  line << problem.value("title", "error");
  if (problem.contains("detail") && problem["detail"].is_string()) line << ": " << jsonText(problem["detail"]);
  if (problem.contains("step") && problem["step"].is_string()) line << " [step " << jsonText(problem["step"]) << "]";
  if (problem.contains("win32") && problem["win32"].is_object()) {
    const auto& w = problem["win32"];
    line << " [" << w.value("name", std::string("Win32")) << " " << w.value("code", 0) << "]";
  }
  if (problem.contains("errors") && problem["errors"].is_array()) {
    for (const auto& e : problem["errors"]) {
      line << "\n  " << jsonText(e.contains("pointer") ? e["pointer"] : e["parameter"]) << ": " << jsonText(e["detail"]);
    }
  }
  return line.str();
}

}  // namespace cf::service
