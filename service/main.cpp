// clusterforge: the process entry point. Parses the command line and hands
// it to the platform (platform.h): run, install or uninstall; or, for a
// client verb (apply, get, wait, report, cancel), to the CLI (cli.h), which
// has exit codes of its own. Exit codes: 0 after a clean stop, 1 when the
// service cannot start, 2 for a bad command line or config.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "api/http_client.h"
#include "service/cli.h"
#include "service/migrate_store_command.h"
#include "service/options.h"
#include "service/platform.h"
#include "service/token_commands.h"
#include "service/version.h"

int main(int argc, char** argv) {
  using namespace cf::service;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && isClientVerb(args[0])) {
    ClientArguments client;
    try {
      client = parseClientArguments(args, [](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());
        return value ? std::optional<std::string>(value) : std::nullopt;
      });
    } catch (const std::invalid_argument& e) {
      std::cerr << "clusterforge: " << e.what() << "\nusage:\n" << clientUsage();
      return 2;
    }
    auto http = cf::api::makeHttpClient();
    return runClientCommand(client, *http, std::cout, std::cerr, platform::stdoutIsTerminal());
  }
  ParsedCommandLine parsed;
  try {
    parsed = parseCommandLine(args);
  } catch (const std::invalid_argument& e) {
    std::cerr << "clusterforge: " << e.what() << "\n" << usage();
    return 2;
  }
  switch (parsed.command) {
    case Command::Version: std::cout << "clusterforge " << clusterforgeVersion() << "\n"; return 0;
    case Command::Help: std::cout << usage(); return args.empty() ? 2 : 0;
    case Command::Install: return platform::install(parsed.install);
    case Command::Uninstall: return platform::uninstall();
    case Command::Run: return platform::run(parsed.options);
    case Command::Token: return runTokenCommand(parsed.token, std::cout, std::cerr);
    case Command::MigrateStore: return runMigrateStoreCommand(parsed.migrate, std::cout, std::cerr);
  }
  return 2;
}
