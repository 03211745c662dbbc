// The job as answers show it (resource_json.h): written straight into text,
// it must be the JSON a dump of the same document gives, with secrets and
// the stored spec's bookkeeping left out.
#include <gtest/gtest.h>

#include "api/resource_json.h"
#include "orchestration/jobs/workflow_catalog.h"

namespace cf::api {
namespace {

using nlohmann::json;

// What jsonResponse would send for the same document.
std::string dumped(const std::string& text) {
  return json::parse(text).dump(-1, ' ', false, json::error_handler_t::replace);
}

Job sampleJob() {
  Job job = newJob("01a23c76-1a31-78f0-b01b-54bc728227a4", "cluster.configureQuorum", "EXCLUSTER",
                   {{"mode", "cloudWitness"},
                    {kSpecSchemaVersionKey, 3},
                    {"cloudWitness", {{"account", "contoso"}, {"accessKey", {{"sealed", "AAAA"}}}}},
                    {"weights", {1, 2.5, nullptr, true}}},
                   {"observe", "set-quorum"}, "2026-12-03T10:00:00.000Z");
  markStarted(job, "2026-12-03T10:00:01.000Z");
  markStepRunning(job, 0, "2026-12-03T10:00:01.500Z");
  markStepSucceeded(job, 0, "2026-12-03T10:00:02.000Z", "quote \" backslash \\ tab \t bell \x07 é");
  return job;
}

TEST(JobJson, IsWhatADumpOfTheSameDocumentGives) {
  std::string text = jobJson(sampleJob());
  EXPECT_EQ(text, dumped(text));
  auto doc = json::parse(text);
  EXPECT_EQ(doc["status"], "running");
  EXPECT_EQ(doc["cluster"], "EXCLUSTER");
  EXPECT_EQ(doc["finishedAt"], nullptr);
  EXPECT_EQ(doc["error"], nullptr);
  EXPECT_EQ(doc["progress"]["currentStep"], "set-quorum");
  EXPECT_EQ(doc["progress"]["steps"].size(), 2u);
  EXPECT_EQ(doc["progress"]["steps"][0]["message"], "quote \" backslash \\ tab \t bell \x07 é");
  EXPECT_EQ(doc["progress"]["steps"][1]["startedAt"], nullptr);
  EXPECT_EQ(doc["links"],
            json({{"self", "/v1/jobs/01a23c76-1a31-78f0-b01b-54bc728227a4"},
                  {"events", "/v1/jobs/01a23c76-1a31-78f0-b01b-54bc728227a4/events"},
                  {"cancel", "/v1/jobs/01a23c76-1a31-78f0-b01b-54bc728227a4/cancel"},
                  {"cluster", "/v1/clusters/EXCLUSTER"}}));
}

TEST(JobJson, HidesSecretsAndTheStoredSpecsBookkeeping) {
  auto spec = json::parse(jobJson(sampleJob()))["spec"];
  EXPECT_EQ(spec, json({{"mode", "cloudWitness"},
                        {"cloudWitness", {{"account", "contoso"}, {"accessKey", "(secret)"}}},
                        {"weights", {1, 2.5, nullptr, true}}}));
}

TEST(JobJson, AFinishedJobWithoutAClusterHasNoCancelOrClusterLink) {
  Job job = newJob("01a23c76-1a31-78f0-b01b-54bc728227a5", "servers.prepare", "", json::object(), {"install"},
                   "2026-12-03T10:00:00.000Z");
  markStarted(job, "2026-12-03T10:00:01.000Z");
  markFailed(job, {{"code", "accessDenied"}, {"status", 500}}, "2026-12-03T10:00:02.000Z");
  std::string text = jobJson(job);
  EXPECT_EQ(text, dumped(text));
  auto doc = json::parse(text);
  EXPECT_EQ(doc["cluster"], nullptr);
  EXPECT_EQ(doc["error"]["code"], "accessDenied");
  EXPECT_FALSE(doc["links"].contains("cancel"));
  EXPECT_FALSE(doc["links"].contains("cluster"));
}

TEST(JobJson, TextThatIsNotUtf8IsShownAsTheReplacementCharacter) {
  Job job = sampleJob();
  job.steps[0].message = "bad \xC3\x28 byte";
  job.spec = {{"note", "\xFF"}};
  auto doc = json::parse(jobJson(job));
  EXPECT_EQ(doc["progress"]["steps"][0]["message"], "bad \xEF\xBF\xBD( byte");
  EXPECT_EQ(doc["spec"]["note"], "\xEF\xBF\xBD");
}

}  // namespace
}  // namespace cf::api
