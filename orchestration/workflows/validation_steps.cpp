#include "orchestration/workflows/validation_steps.h"

#include "orchestration/common/clock.h"
#include "orchestration/validation/validation_facts.h"
#include "orchestration/specs/validation_spec.h"

namespace cf {

namespace {

class ValidateStep : public Step {
 public:
  bool observesOnly() const override { return true; }
  ValidateStep(ReportStore& reports, ValidationStepOptions options) : reports_(reports), options_(std::move(options)) {}
  std::string name() const override { return options_.stepName; }

  void run(StepContext& ctx) override {
    ValidationSpec spec = validationSpecFromStored(ctx.spec(options_.section));
    std::vector<std::string> nodes = spec.nodes;
    if (spec.cluster) {
      auto cluster = ctx.backend().findCluster(*spec.cluster, ctx.op());
      if (!cluster) throw StepConflict("clusterNotFound", "cluster " + *spec.cluster + " does not exist");
      nodes = cluster->nodeNames();
    }
    ValidationFacts facts = gatherValidationFacts(ctx.backend(), ctx.op(), nodes, spec.cluster);
    auto selection = selectTests(spec.include, spec.exclude);

    ValidationReport report;
    report.id = ctx.job().id + options_.reportIdSuffix;
    report.jobId = ctx.job().id;
    report.cluster = spec.cluster;
    report.nodes = nodes;
    report.createdAt = nowRfc3339();
    report.servers = validatedServers(facts);
    report.results = runTests(selection.tests, facts);
    reports_.save(report);

    std::string verdict = toString(report.verdict());
    std::string href = "/v1/validations/" + report.id;
    ctx.setResult(options_.stepName, {{"reportId", report.id},
                                      {"verdict", verdict},
                                      {"href", href},
                                      {"html", href + "/report.html"},
                                      {"failed", report.count(TestStatus::Failed)},
                                      {"warning", report.count(TestStatus::Warning)}});
    std::string summary = verdict + ": " + std::to_string(report.count(TestStatus::Passed)) + " passed, " +
                          std::to_string(report.count(TestStatus::Warning)) + " warning(s), " +
                          std::to_string(report.count(TestStatus::Failed)) + " failed (report " + href + ")";
    for (const auto& r : report.results) {
      if (r.status == TestStatus::Failed || r.status == TestStatus::Warning) {
        ctx.warn(r.name + " " + toString(r.status) + (r.messages.empty() ? "" : ": " + r.messages.front()));
      }
    }
    if (options_.failWhenNotSuitable && report.verdict() == Verdict::NotSuitable) {
      throw StepConflict("validationFailed", "validation found the configuration not suitable for clustering: " +
                                                 summary + "; nothing after " + options_.stepName + " was done");
    }
    ctx.summarize(summary);
  }

 private:
  ReportStore& reports_;
  ValidationStepOptions options_;
};

}  // namespace

std::unique_ptr<Step> makeValidationStep(ReportStore& reports, ValidationStepOptions options) {
  return std::make_unique<ValidateStep>(reports, std::move(options));
}

}  // namespace cf
