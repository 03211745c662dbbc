// The ClusAPI backend assembled behind the port, under Wine: the clusapi.dll
// double serves ClusAPI and the file server functions from one lab, and the
// stand-in powershell.exe answers ClusterForge's scripts from the same lab.
// The runbook's own steps run on it, as a cluster.apply job runs them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "orchestration/backends/clusapi/win/clusapi_backend_win.h"
#include "orchestration/specs/cluster_apply_spec.h"
#include "orchestration/specs/node_preparation_spec.h"
#include "orchestration/workflows/node_preparation_steps.h"
#include "orchestration/model/win32_error.h"
#include "orchestration/model/witness_path.h"
#include "orchestration/jobs/workflow_catalog.h"
#include "orchestration/workflows/standard_catalog.h"
#include "service/win/dpapi_secret_box_win.h"
#include "tests/support/test_lab.h"
#include "tests/support/win32_code.h"
#include "tests/windows/beside_this_exe_win.h"
#include "tests/windows/double_lab_scope.h"
#include "tests/windows/wmi_double/wmi_double.h"

namespace cf::clusapi {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

const std::string kLab = CLUSTERFORGE_SOURCE_DIR "/deploy/sim/exchange-ccr-lab.json";

FileServerFunctions doubleFileServer(HMODULE module) {
  auto find = [&](const char* name) {
    FARPROC address = GetProcAddress(module, (std::string("FileServerDouble_") + name).c_str());
    EXPECT_NE(address, nullptr) << name;
    return reinterpret_cast<void (*)()>(address);
  };
  FileServerFunctions f;
  f.CreateDirectoryW = reinterpret_cast<decltype(f.CreateDirectoryW)>(find("CreateDirectoryW"));
  f.GetFileAttributesW = reinterpret_cast<decltype(f.GetFileAttributesW)>(find("GetFileAttributesW"));
  f.GetNamedSecurityInfoW = reinterpret_cast<decltype(f.GetNamedSecurityInfoW)>(find("GetNamedSecurityInfoW"));
  f.SetNamedSecurityInfoW = reinterpret_cast<decltype(f.SetNamedSecurityInfoW)>(find("SetNamedSecurityInfoW"));
  f.LookupAccountNameW = reinterpret_cast<decltype(f.LookupAccountNameW)>(find("LookupAccountNameW"));
  f.LookupAccountSidW = reinterpret_cast<decltype(f.LookupAccountSidW)>(find("LookupAccountSidW"));
  f.NetShareAdd = reinterpret_cast<decltype(f.NetShareAdd)>(find("NetShareAdd"));
  f.NetShareGetInfo = reinterpret_cast<decltype(f.NetShareGetInfo)>(find("NetShareGetInfo"));
  f.NetShareSetInfo = reinterpret_cast<decltype(f.NetShareSetInfo)>(find("NetShareSetInfo"));
  f.NetApiBufferFree = reinterpret_cast<decltype(f.NetApiBufferFree)>(find("NetApiBufferFree"));
  f.NetShareDel = reinterpret_cast<decltype(f.NetShareDel)>(find("NetShareDel"));
  f.RemoveDirectoryW = reinterpret_cast<decltype(f.RemoveDirectoryW)>(find("RemoveDirectoryW"));
  f.DeleteFileW = reinterpret_cast<decltype(f.DeleteFileW)>(find("DeleteFileW"));
  f.FindFirstFileW = reinterpret_cast<decltype(f.FindFirstFileW)>(find("FindFirstFileW"));
  f.FindNextFileW = reinterpret_cast<decltype(f.FindNextFileW)>(find("FindNextFileW"));
  f.FindClose = reinterpret_cast<decltype(f.FindClose)>(find("FindClose"));
  return f;
}

std::unique_ptr<ClusapiBackend> backendOverTheDouble() {
  std::wstring dll = test::besideThisExe(L"clusapi.dll");
  auto library = ClusapiLibrary::load(dll.c_str());
  EXPECT_TRUE(library.available()) << library.problem();
  FileServerFunctions files = doubleFileServer(GetModuleHandleW(dll.c_str()));
  return std::make_unique<ClusapiBackend>(std::move(library), files,
                                          PowerShell(test::besideThisExe(L"fake_powershell.exe")),
                                          ServerManagerOverWmi(10ms));
}

OperationContext op() { return OperationContext::forRequest(120s); }

class MemoryReports : public ReportStore {
 public:
  void save(const ValidationReport& report) override { reports[report.id] = report; }
  std::optional<ValidationReport> find(const std::string& id) override {
    auto it = reports.find(id);
    return it == reports.end() ? std::nullopt : std::optional<ValidationReport>(it->second);
  }
  ReportPage list(const ReportQuery&) override { return {}; }

  std::map<std::string, ValidationReport> reports;
};

// Runs a cluster.apply job's steps in order, as the job runner would, and
// returns each step's summary and the warnings the backend reported.
std::vector<std::string> runApply(ClusterBackend& backend, const json& body, MemoryReports& reports) {
  service::win::DpapiSecretBox secrets;
  auto parsed = parseClusterApplySpec("EXCLUSTER", body);
  EXPECT_TRUE(parsed.spec) << (parsed.errors.empty() ? "" : parsed.errors[0].detail);
  auto catalog = standardCatalog(secrets, reports);
  const Workflow& apply = *catalog.find(kClusterApplyKind);
  Job job = newJobOf(apply, "job-1", "EXCLUSTER", toStored(*parsed.spec, secrets), "t0");
  std::vector<std::string> summaries;
  for (auto& step : apply.steps(job.spec)) {
    OperationContext ctx(
        std::make_shared<StopFlag>(), std::make_shared<StopFlag>(), OperationContext::Clock::now() + 120s, nullptr,
        [&](const std::string& warning) { summaries.push_back(step->name() + " warned: " + warning); });
    StepContext stepContext(job, backend, ctx);
    step->run(stepContext);
    summaries.push_back(step->name() + ": " + stepContext.summary());
  }
  return summaries;
}

// The whole runbook but the feature installs, which the stand-in PowerShell
// answers without keeping (it is another process than the double's lab).
json runbookWithoutPrepare() {
  json body = test::wholeRunbookRequest();
  body.erase("prepare");
  return body;
}

const json kRunbook = runbookWithoutPrepare();

TEST(ClusapiBackend, RunsTheWholeRunbookAndASecondRunChangesNothing) {
  test::DoubleLabScope lab(kLab);
  auto backend = backendOverTheDouble();
  EXPECT_FALSE(backend->findCluster("EXCLUSTER", op()));

  MemoryReports reports;
  auto summaries = runApply(*backend, kRunbook, reports);
  for (const auto& s : summaries) std::printf("  %s\n", s.c_str());
  // CreateCluster's Warning phase (CCR nodes share no disk) reaches the job.
  bool warned = std::any_of(summaries.begin(), summaries.end(), [](const std::string& s) {
    return s.rfind("createCluster warned: CreateCluster: setup phase", 0) == 0 &&
           s.find("no disk that every node sees") != std::string::npos;
  });
  EXPECT_TRUE(warned);

  auto cluster = backend->findCluster("EXCLUSTER", op());
  ASSERT_TRUE(cluster);
  EXPECT_EQ(cluster->computerAccount, "CONTOSO\\EXCLUSTER$");
  EXPECT_EQ(cluster->managementPoint, ManagementPoint::ActiveDirectory);
  EXPECT_EQ(cluster->domain, "contoso.local");
  ASSERT_EQ(cluster->nodes.size(), 2u);
  ASSERT_TRUE(cluster->findNetwork("Private"));
  EXPECT_EQ(cluster->findNetwork("Private")->role, NetworkRole::ClusterOnly);
  EXPECT_EQ(cluster->findNetwork("Public")->role, NetworkRole::ClusterAndClient);
  EXPECT_EQ(cluster->quorum.mode, QuorumMode::NodeAndFileShareMajority);
  EXPECT_EQ(cluster->quorum.witness, "\\\\EX-HUB1\\FSM_MBX");
  EXPECT_TRUE(cluster->quorum.witnessOnline);

  // The share went through NetShareAdd with the cluster account alone on it,
  // and the folder's grant kept what the folder had.
  auto share = backend->getShare("EX-HUB1", "FSM_MBX", op());
  ASSERT_TRUE(share);
  EXPECT_EQ(share->path, "C:\\FSM_MBX");
  EXPECT_EQ(share->permissions, (std::vector<AccessEntry>{{"CONTOSO\\EXCLUSTER$", Access::FullControl}}));
  auto folder = backend->getFolder("EX-HUB1", "C:\\FSM_MBX", op());
  ASSERT_TRUE(folder);
  EXPECT_TRUE(grants(folder->acl, "CONTOSO\\EXCLUSTER$", Access::FullControl));
  EXPECT_TRUE(grants(folder->acl, "BUILTIN\\Administrators", Access::FullControl));
  EXPECT_TRUE(backend->canWrite("CONTOSO\\EXCLUSTER$", "EX-HUB1", "FSM_MBX", op()));

  // Validation ran on facts the server-facts script gave, before and after.
  ASSERT_EQ(reports.reports.count("job-1-before"), 1u);
  ASSERT_EQ(reports.reports.count("job-1-after"), 1u);
  EXPECT_EQ(reports.reports["job-1-after"].count(TestStatus::Failed), 0);

  json changes = lab.saved()["changeCounters"];
  EXPECT_EQ(changes["createCluster"], 1);
  EXPECT_EQ(changes["createShare"], 1);
  runApply(*backend, kRunbook, reports);
  EXPECT_EQ(lab.saved()["changeCounters"], changes);
}

TEST(ClusapiBackend, AWitnessShareTheClusterCannotWriteStopsTheQuorumStep) {
  test::DoubleLabScope lab(CLUSTERFORGE_DOUBLE_LAB_FILE);  // EXCLUSTER exists; FSM_MBX does not let it write
  auto backend = backendOverTheDouble();
  MemoryReports reports;
  json body = kRunbook;
  body.erase("validateBefore");
  body.erase("validateAfter");
  body["quorum"]["fileShareWitness"].erase("prepare");
  EXPECT_EQ(test::win32CodeOf([&] { runApply(*backend, body, reports); }), win32::kAccessDenied);
  EXPECT_FALSE(backend->canWrite("CONTOSO\\EXCLUSTER$", "EX-HUB1", "FSM_MBX", op()));
  EXPECT_EQ(backend->findCluster("EXCLUSTER", op())->quorum.witnessType, WitnessType::FileShare);
}

// A cluster's life after creation, through AddClusterNode, EvictClusterNodeEx,
// ClusterControl's common properties, NetShareDel, the admin share,
// DestroyCluster and the computer-object scripts, on a two-site lab.
TEST(ClusapiBackend, GrowsShrinksTunesAndDestroysATwoSiteCluster) {
  test::DoubleLabScope lab(CLUSTERFORGE_SOURCE_DIR "/deploy/sim/multi-site-lab.json");
  auto backend = backendOverTheDouble();
  ClusterSpec spec;
  spec.name = "SQLCLUSTER";
  spec.nodes = {"SQL-A1", "SQL-A2", "SQL-B1"};
  spec.staticAddresses = {{*Ipv4Address::parse("10.0.0.50"), 24}, {*Ipv4Address::parse("10.1.0.50"), 24}};
  backend->createCluster(spec, op());
  auto cluster = backend->findCluster("SQLCLUSTER", op());
  ASSERT_TRUE(cluster);
  EXPECT_EQ(cluster->networks.size(), 4u);
  EXPECT_EQ(cluster->nameDependency, "([Cluster IP Address] or [Cluster IP Address 10.1.0.50])");
  EXPECT_EQ(cluster->heartbeat.at("sameSubnetThreshold"), 5u);

  backend->setClusterProperties("SQLCLUSTER", {{"crossSubnetThreshold", 40}}, op());
  EXPECT_EQ(backend->findCluster("SQLCLUSTER", op())->heartbeat.at("crossSubnetThreshold"), 40u);
  EXPECT_EQ(test::win32CodeOf([&] {
              backend->setClusterProperties("SQLCLUSTER", {{"sameSubnetDelay", 9000}}, op());
            }),
            win32::kInvalidParameter);

  backend->addClusterNode("SQLCLUSTER", "SQL-B2", op());
  EXPECT_EQ(backend->findCluster("SQLCLUSTER", op())->nodes.size(), 4u);
  EXPECT_EQ(test::win32CodeOf([&] { backend->addClusterNode("SQLCLUSTER", "SQL-B2", op()); }),
            win32::kClusterNodeAlreadyMember);
  backend->evictClusterNode("SQLCLUSTER", "SQL-B2", op());
  EXPECT_EQ(backend->findCluster("SQLCLUSTER", op())->nodes.size(), 3u);
  EXPECT_EQ(backend->getNodeClusterState("SQL-B2", op()), NodeClusterState::NotConfigured);

  // A witness share with ClusterForge's mark, read back, then removed with its folder.
  backend->createFolder("FS1", "C:\\W", op());
  backend->createShare("FS1", {"W", "C:\\W", {{"Everyone", Access::Read}}, witnessShareRemark("SQLCLUSTER", true)},
                       op());
  EXPECT_TRUE(readWitnessShareRemark(backend->getShare("FS1", "W", op())->remark, "SQLCLUSTER").folderMadeToo);
  EXPECT_EQ(test::win32CodeOf([&] { backend->deleteFolder("FS1", "C:\\W", op()); }), win32::kSharingViolation);
  backend->deleteShare("FS1", "W", op());
  backend->deleteFolder("FS1", "C:\\W", op());
  EXPECT_FALSE(backend->getShare("FS1", "W", op()));
  EXPECT_FALSE(backend->getFolder("FS1", "C:\\W", op()));

  backend->destroyCluster("SQLCLUSTER", op());
  EXPECT_FALSE(backend->findCluster("SQLCLUSTER", op()));
  EXPECT_EQ(backend->getNodeClusterState("SQL-A1", op()), NodeClusterState::NotConfigured);
  auto object = backend->getComputerObject("SQLCLUSTER", op());
  ASSERT_TRUE(object);
  EXPECT_FALSE(object->enabled);
  EXPECT_EQ(test::win32CodeOf([&] { backend->deleteComputerObject("SQLCLUSTER", op()); }), 0u);
  EXPECT_EQ(test::win32CodeOf([&] { backend->deleteComputerObject("SQL-A1", op()); }), win32::kAccessDenied);
  json changes = lab.saved()["changeCounters"];
  EXPECT_EQ(changes["addClusterNode"], 1);
  EXPECT_EQ(changes["evictClusterNode"], 1);
  EXPECT_EQ(changes["destroyCluster"], 1);
  EXPECT_EQ(changes["setClusterProperties"], 1);
}

// A nodes.prepare job's steps run in order on the backend; returns its
// events' messages and leaves its result in `result`.
std::vector<std::string> runPreparation(ClusterBackend& backend, const json& body, json& result) {
  FieldErrors errors;
  auto spec = readNodePreparationSpec(body, "", true, errors);
  EXPECT_TRUE(spec && errors.empty());
  service::win::DpapiSecretBox secrets;
  MemoryReports reports;
  Job job = newJobOf(*standardCatalog(secrets, reports).find(kPrepareNodesKind), "job-1", "", toStored(*spec), "t0");
  std::vector<std::string> messages;
  for (auto& step : makeNodePreparationSteps(job.spec, "")) {
    OperationContext ctx(std::make_shared<StopFlag>(), std::make_shared<StopFlag>(),
                         OperationContext::Clock::now() + 120s, nullptr);
    StepContext stepContext(job, backend, ctx);
    step->run(stepContext);
    for (const auto& event : stepContext.events()) messages.push_back(event.message);
    result.update(stepContext.result());
  }
  return messages;
}

bool anyMentions(const std::vector<std::string>& messages, const std::string& text) {
  return std::any_of(messages.begin(), messages.end(),
                     [&](const std::string& m) { return m.find(text) != std::string::npos; });
}

TEST(ClusapiBackend, On2008NodesFeaturesAndRestartsGoThroughWmiAndTheEventsSaySo) {
  test::DoubleLabScope lab(kLab);
  test::WmiDouble wmi;
  if (test::WmiDouble::adminShare("EX-NODE1").empty()) GTEST_SKIP() << "needs Wine's UNC mapping (WINEPREFIX)";
  auto backend = backendOverTheDouble();
  json result;
  auto events = runPreparation(
      *backend, {{"nodes", {"EX-NODE1"}}, {"features", {"PowerShell", "Multipath-IO"}}, {"restart", true}}, result);
  EXPECT_TRUE(anyMentions(events, "EX-NODE1 (Windows Server 2008 Enterprise): installing PowerShell, Multipath-IO "
                                  "through ServerManagerCmd started through WMI over DCOM"))
      << json(events).dump(2);
  EXPECT_EQ(test::WmiDouble::processesStarted(), 2);
  EXPECT_EQ(result["nodes"]["EX-NODE1"]["installed"], json({"PowerShell", "Multipath-IO"}));
  EXPECT_EQ(result["restarted"], json({"EX-NODE1"}));
  EXPECT_EQ(test::WmiDouble::connectionsRefused(), test::WmiDouble::kConnectionsRefusedWhileRestarting);
  EXPECT_FALSE(backend->getServer("EX-NODE1", op()).restartPending);
}

TEST(ClusapiBackend, On2008R2NodesFeaturesGoOverWinRmNotWmi) {
  test::DoubleLabScope lab(CLUSTERFORGE_SOURCE_DIR "/deploy/sim/exchange-ccr-lab-2008r2.json");
  test::WmiDouble wmi;
  auto backend = backendOverTheDouble();
  json result;
  auto events = runPreparation(*backend, {{"nodes", {"EX-NODE1"}}, {"features", {"Multipath-IO"}}, {"restart", true}},
                               result);
  EXPECT_TRUE(anyMentions(events, "installing Multipath-IO through Server Manager over WinRM")) << json(events).dump(2);
  EXPECT_EQ(test::WmiDouble::processesStarted(), 0);
  EXPECT_EQ(test::WmiDouble::connectionsRefused(), 0);
}

TEST(ClusapiBackend, AClusterThatIsNotThereIsAbsentNotAnError) {
  test::DoubleLabScope lab(kLab);
  auto backend = backendOverTheDouble();
  EXPECT_FALSE(backend->findCluster("NOSUCHCLUSTER", op()));
}

TEST(ClusapiBackend, ServerFactsAndFeaturesComeFromThePowerShellScripts) {
  test::DoubleLabScope lab(kLab);
  auto backend = backendOverTheDouble();
  ServerFacts node = backend->getServer("EX-NODE1", op());
  EXPECT_EQ(node.name, "EX-NODE1");
  EXPECT_EQ(node.domain, "contoso.local");
  EXPECT_TRUE(node.hasFeature("Failover-Clustering"));
  EXPECT_FALSE(node.adapters.empty());
  EXPECT_EQ(test::win32CodeOf([&] { backend->getServer("NOSUCHSERVER", op()); }), win32::kBadNetPath);
  EXPECT_EQ(backend->listClusters(op()), std::vector<std::string>{});
}

TEST(ClusapiBackend, AScriptAnswerThatIsNotWhatItPromisesIsInvalidData) {
  test::DoubleLabScope lab(kLab);
  auto backend = backendOverTheDouble();
  auto answering = [&](const char* answer, auto call) {
    _putenv_s("CLUSTERFORGE_FAKE_ANSWER", answer);
    std::string message;
    try {
      call();
    } catch (const BackendFailure& f) {
      EXPECT_EQ(f.error().code, win32::kInvalidData) << f.what();
      message = f.error().message;
    }
    _putenv_s("CLUSTERFORGE_FAKE_ANSWER", "");
    return message;
  };
  EXPECT_NE(answering(R"({"name": "EX-NODE1"})", [&] { backend->getServer("EX-NODE1", op()); })
                .find("missing field 'domain'"),
            std::string::npos);
  ServerScripts scripts(PowerShell(test::besideThisExe(L"fake_powershell.exe")));
  EXPECT_NE(
      answering(R"({"restartNeeded": "maybe"})", [&] { scripts.installFeatures("EX-NODE1", {"Web-Server"}, "", op()); })
          .find("restartNeeded"),
      std::string::npos);
  EXPECT_NE(answering(R"({"clusters": ["not a name!"]})", [&] { backend->listClusters(op()); }).find("/clusters/0"),
            std::string::npos);
}

TEST(ClusapiBackend, EachScriptRunsBehindItsNameAndTheCommonPart) {
  for (const char* name :
       {"server-facts", "install-features", "restart-server", "test-reachability", "list-clusters"}) {
    std::string text = ServerScripts::script(name);
    EXPECT_EQ(text.rfind(std::string("# clusterforge-script: ") + name + "\n", 0), 0u) << name;
    EXPECT_NE(text.find("[Console]::In.ReadToEnd() | ConvertFrom-Json"), std::string::npos) << name;
    EXPECT_NE(text.find("Write-Answer"), std::string::npos) << name;
  }
  EXPECT_THROW(ServerScripts::script("format-disk"), std::out_of_range);
}

TEST(ClusapiBackend, WithoutClusapiDllItSaysWhatToInstall) {
  ClusapiBackend backend(ClusapiLibrary::load(L"clusterforge-no-such-clusapi.dll"), systemFileServerFunctions(),
                         PowerShell(test::besideThisExe(L"fake_powershell.exe")));
  BackendReadiness readiness = backend.readiness();
  EXPECT_FALSE(readiness.ready);
  EXPECT_NE(readiness.detail.find("Failover Clustering tools"), std::string::npos) << readiness.detail;
  try {
    backend.findCluster("EXCLUSTER", op());
    FAIL() << "a backend without clusapi.dll found a cluster";
  } catch (const BackendFailure& f) {
    EXPECT_EQ(f.error().code, win32::kModNotFound);
    EXPECT_EQ(f.error().message, readiness.detail);
  }
}

}  // namespace
}  // namespace cf::clusapi
