// Stands in for powershell.exe in the Windows tests. It checks the command
// line has the form the runner promises (fixed switches, the script only as
// -EncodedCommand), decodes the script and acts on it:
//   "echo"  answers {"script": ..., "received": <standard input as JSON>}
//   "fail"  answers a Win32 error the way our scripts report one
//   "hang"  never finishes;  "crash"  exits 3 with a message on stderr
// and ClusterForge's own scripts (first line "# clusterforge-script: <name>")
// it answers as they would, from the simulator over the clusapi.dll double's
// lab (CLUSTERFORGE_DOUBLE_LAB, or its saved state CLUSTERFORGE_DOUBLE_STATE
// once the double changed something), failures as the scripts report them;
// or, when CLUSTERFORGE_FAKE_ANSWER is set, with that text instead.
#include <windows.h>

#include <cstdlib>
#include <iostream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

#include "orchestration/backends/clusapi/utf16.h"
#include "orchestration/backends/simulated/simulated_backend.h"
#include "orchestration/common/base64.h"
#include "orchestration/model/server_facts_json.h"
#include "orchestration/model/win32_error.h"

namespace {

using nlohmann::json;

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

json answerFromLab(const std::string& script, const json& in) {
  cf::sim::SimulatedBackend lab(cf::sim::SimulatedBackend::loadLab(environment("CLUSTERFORGE_DOUBLE_LAB"),
                                                                   environment("CLUSTERFORGE_DOUBLE_STATE")),
                                "", std::chrono::milliseconds(0));
  auto ctx = cf::OperationContext::forRequest(std::chrono::seconds(30));
  if (script == "server-facts") return cf::toJson(lab.getServer(in.at("server"), ctx));
  if (script == "install-features") {
    return {{"restartNeeded", lab.installFeatures(in.at("server"), in.at("features"), in.value("source", ""), ctx)}};
  }
  if (script == "restart-server") {
    lab.restartServer(in.at("server"), ctx);
    return {{"restarted", true}};
  }
  if (script == "test-reachability") {
    return {
        {"reachable", lab.canReach(in.at("from"), *cf::Ipv4Address::parse(in.at("address").get<std::string>()), ctx)}};
  }
  if (script == "list-clusters") return {{"clusters", lab.listClusters(ctx)}};
  if (script == "computer-object") {
    auto object = lab.getComputerObject(in.at("name"), ctx);
    return {{"exists", object.has_value()}, {"enabled", object && object->enabled}};
  }
  if (script == "computer-object-rights") return {{"allowed", lab.mayCreateComputerObjects(in.at("node"), ctx)}};
  if (script == "delete-computer-object") {
    lab.deleteComputerObject(in.at("name"), ctx);
    return {{"deleted", true}};
  }
  throw std::invalid_argument("no script named " + script);
}

}  // namespace

int main(int argc, char** argv) {
  std::string expected[] = {"-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-EncodedCommand"};
  if (argc != 7) return 90;
  for (int i = 0; i < 5; ++i) {
    if (argv[i + 1] != expected[i]) return 91;
  }
  std::string utf16le = cf::base64Decode(argv[6]).value_or("");
  std::u16string wide;
  for (size_t i = 0; i + 1 < utf16le.size(); i += 2) {
    wide.push_back(
        static_cast<char16_t>(static_cast<uint8_t>(utf16le[i]) | (static_cast<uint8_t>(utf16le[i + 1]) << 8)));
  }
  std::string script = cf::clusapi::toUtf8(wide);
  std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  const std::string marker = "# clusterforge-script: ";
  if (script.rfind(marker, 0) == 0) {
    std::string name = script.substr(marker.size(), script.find('\n') - marker.size());
    std::string scripted = environment("CLUSTERFORGE_FAKE_ANSWER");
    if (!scripted.empty()) {  // a test's own answer, however wrong
      std::cout << scripted;
      return 0;
    }
    try {
      std::cout << answerFromLab(name, json::parse(input)).dump();
      return 0;
    } catch (const cf::BackendFailure& f) {
      std::cout << json{{"error", {{"code", f.error().code}, {"message", f.error().message}}}}.dump();
      return 1;
    }
  }
  if (script == "echo") {
    std::cout << nlohmann::json{{"script", script}, {"received", nlohmann::json::parse(input)}}.dump();
    return 0;
  }
  if (script == "fail") {
    std::cout << R"({"error":{"code":5,"message":"Access is denied on EX-HUB1"}})";
    return 1;
  }
  if (script == "hang") {
    Sleep(INFINITE);
  }
  std::cerr << "boom: " << script;
  return 3;
}
