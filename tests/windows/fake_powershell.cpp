// Stands in for powershell.exe in the PowerShell runner's tests. It checks
// the command line has the form the runner promises (fixed switches, the
// script only as -EncodedCommand), decodes the script and acts on it:
//   "echo"  answers {"script": ..., "received": <standard input as JSON>}
//   "fail"  answers a Win32 error the way our scripts report one
//   "hang"  never finishes;  "crash"  exits 3 with a message on stderr
#include <windows.h>

#include <iostream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

#include "orchestration/backends/clusapi/utf16.h"
#include "orchestration/base64.h"


int main(int argc, char** argv) {
  std::string expected[] = {"-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-EncodedCommand"};
  if (argc != 7) return 90;
  for (int i = 0; i < 5; ++i) {
    if (argv[i + 1] != expected[i]) return 91;
  }
  std::string utf16le = cf::base64Decode(argv[6]).value_or("");
  std::u16string wide;
  for (size_t i = 0; i + 1 < utf16le.size(); i += 2) {
    wide.push_back(static_cast<char16_t>(static_cast<uint8_t>(utf16le[i]) | (static_cast<uint8_t>(utf16le[i + 1]) << 8)));
  }
  std::string script = cf::clusapi::toUtf8(wide);
  std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
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
