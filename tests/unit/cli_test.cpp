// The CLI's command line and its progress display, without a service.
#include <gtest/gtest.h>

#include <sstream>

#include "service/cli_arguments.h"
#include "service/cli_progress.h"

namespace cf::service {
namespace {

using nlohmann::json;

std::optional<std::string> noEnvironment(const std::string&) { return std::nullopt; }

TEST(ClientArguments, FlagsWinOverTheEnvironmentAndTheServerIsChecked) {
  auto environment = [](const std::string& name) -> std::optional<std::string> {
    if (name == "CLUSTERFORGE_SERVER") return "http://env:8080/";
    if (name == "CLUSTERFORGE_TOKEN") return "cft_env";
    return std::nullopt;
  };
  auto fromEnvironment = parseClientArguments({"get", "jobs"}, environment);
  EXPECT_EQ(fromEnvironment.server, "http://env:8080");
  EXPECT_EQ(fromEnvironment.token, "cft_env");
  auto fromFlags =
      parseClientArguments({"get", "job", "J1", "--server", "https://cf:8443", "--token", "cft_f", "-o", "json"},
                           environment);
  EXPECT_EQ(fromFlags.server, "https://cf:8443");
  EXPECT_EQ(fromFlags.token, "cft_f");
  EXPECT_TRUE(fromFlags.json);
  EXPECT_EQ(fromFlags.positional, (std::vector<std::string>{"job", "J1"}));
  EXPECT_THROW(parseClientArguments({"get", "jobs"}, noEnvironment), std::invalid_argument);
  EXPECT_THROW(parseClientArguments({"get", "jobs", "--server", "ftp://x"}, noEnvironment), std::invalid_argument);
}

TEST(ClientArguments, EachVerbTakesItsOwnWordsAndFlags) {
  auto server = [](std::vector<std::string> args) {
    args.insert(args.end(), {"--server", "http://s:1"});
    return parseClientArguments(args, noEnvironment);
  };
  EXPECT_EQ(server({"apply", "f.json", "--name", "EXCLUSTER"}).name, "EXCLUSTER");
  EXPECT_EQ(server({"report", "R1", "--html", "r.html"}).html, "r.html");
  EXPECT_THROW(server({"apply"}), std::invalid_argument);
  EXPECT_THROW(server({"apply", "a", "b"}), std::invalid_argument);
  EXPECT_THROW(server({"wait", "J", "--name", "X"}), std::invalid_argument);
  EXPECT_THROW(server({"get", "job"}), std::invalid_argument);
  EXPECT_THROW(server({"get", "clusters", "extra"}), std::invalid_argument);
  EXPECT_THROW(server({"get", "nodes"}), std::invalid_argument);
  EXPECT_THROW(server({"cancel", "J", "-o", "yaml"}), std::invalid_argument);
  EXPECT_THROW(server({"cancel", "J", "--token"}), std::invalid_argument);
  EXPECT_TRUE(isClientVerb("apply"));
  EXPECT_FALSE(isClientVerb("run"));
}

json jobWith(const std::string& status, const std::string& firstStep, const std::string& secondStep) {
  return {{"id", "J1"},
          {"kind", "cluster.create"},
          {"cluster", "EXCLUSTER"},
          {"status", status},
          {"progress",
           {{"percent", 50},
            {"steps",
             {{{"name", "validateBefore"}, {"status", firstStep}, {"message", ""}},
              {{"name", "createCluster"}, {"status", secondStep}, {"message", ""}}}}}}};
}

TEST(JobProgressDisplay, PlainOutputHasALinePerStepChange) {
  std::ostringstream out;
  JobProgressDisplay display(out, false);
  display.show(jobWith("running", "running", "pending"));
  display.show(jobWith("running", "running", "pending"));
  display.show(jobWith("running", "succeeded", "running"));
  EXPECT_EQ(out.str(),
            "job J1 (cluster.create, EXCLUSTER): running, 50%\n"
            "  step validateBefore: running\n"
            "  step validateBefore: succeeded\n"
            "  step createCluster: running\n");
}

TEST(JobProgressDisplay, OnATerminalTheBlockIsRedrawnInPlace) {
  std::ostringstream out;
  JobProgressDisplay display(out, true);
  display.show(jobWith("running", "running", "pending"));
  EXPECT_EQ(out.str().find("\x1b[3A"), std::string::npos);
  display.show(jobWith("running", "succeeded", "running"));
  auto second = out.str().find("\x1b[3A");
  ASSERT_NE(second, std::string::npos) << "up over the three lines drawn";
  EXPECT_NE(out.str().find("[ok] validateBefore", second), std::string::npos);
  EXPECT_NE(out.str().find("[..] createCluster", second), std::string::npos);
}

TEST(DescribeProblem, SaysTitleDetailStepWin32AndFields) {
  json problem = {{"title", "Step failed"},
                  {"detail", "access denied"},
                  {"step", "setQuorum"},
                  {"win32", {{"name", "ERROR_ACCESS_DENIED"}, {"code", 5}}},
                  {"errors", {{{"pointer", "#/nodes/1"}, {"detail", "is not a name"}}}}};
  EXPECT_EQ(describeProblem(problem),
            "Step failed: access denied [step setQuorum] [ERROR_ACCESS_DENIED 5]\n  #/nodes/1: is not a name");
  EXPECT_EQ(describeProblem(json()), "no details");
}

}  // namespace
}  // namespace cf::service
