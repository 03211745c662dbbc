#include "service/options.h"

#include <cctype>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "service/cli_arguments.h"
#include "service/platform_traits.h"
#include "storage/database_location.h"

namespace cf::service {

namespace {

using Setter = std::function<void(Options&, const std::string& value)>;

int integerIn(const std::string& what, const std::string& text, int min, int max) {
  size_t used = 0;
  long long value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || value < min || value > max) {
    throw std::invalid_argument(what + " must be an integer from " + std::to_string(min) + " to " +
                                std::to_string(max) + ", not '" + text + "'");
  }
  return static_cast<int>(value);
}

// Flags that are present or not; in a config file, true or false.
bool isSwitch(const std::string& flag) {
  return flag == "allow-empty-database" || flag == "public-metrics" || flag == "allow-insecure-http";
}

// scheme://host[:port], as a browser sends it in Origin.
void checkOrigin(const std::string& origin) {
  static const std::regex shape(R"(^https?://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\])(:[0-9]{1,5})?$)");
  if (!std::regex_match(origin, shape)) {
    throw std::invalid_argument("--cors-origin must be an origin like https://portal.contoso.local[:PORT], not '" +
                                origin + "'");
  }
}

// scheme://host[:port] and an optional path of plain characters: where the
// service is published, the base of absolute Location URLs.
void checkPublicUrl(const std::string& url) {
  static const std::regex shape(R"(^https?://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\])(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$)");
  if (!std::regex_match(url, shape)) {
    throw std::invalid_argument(
        "--public-url must be http:// or https://, a host, an optional port and path, like "
        "https://clusterforge.contoso.local:8443, not '" +
        url + "'");
  }
}

// Loopback only: 127.0.0.0/8, ::1 and localhost.
bool isLoopbackListen(const std::string& url) {
  std::string rest = url.substr(url.find("://") + 3);
  std::string host = rest.substr(0, rest.rfind(':'));
  return host == "localhost" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

bool switchValue(const std::string& flag, const std::string& value) {
  if (value != "true" && value != "false") throw std::invalid_argument(flag + " takes no value");
  return value == "true";
}

// Returns the value once it names a database ClusterForge can use.
std::string checkDatabase(const std::string& flag, const std::string& value) {
  try {
    storage::parseDatabaseLocation(value);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(flag + ": " + e.what());
  }
  return value;
}

void checkListenUrl(const std::string& url) {
  std::string scheme = url.rfind("https://", 0) == 0 ? "https://" : "http://";
  if (url.rfind(scheme, 0) != 0) {
    throw std::invalid_argument("--listen must look like http://HOST:PORT or https://HOST:PORT, not '" + url + "'");
  }
  std::string rest = url.substr(scheme.size());
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  auto colon = rest.rfind(':');
  if (colon == std::string::npos || colon == 0 || rest.find('/') != std::string::npos) {
    throw std::invalid_argument("--listen must look like " + scheme + "HOST:PORT, not '" + url + "'");
  }
  integerIn("the port in --listen", rest.substr(colon + 1), 1, 65535);
}

// What the listen address, the transport and the TLS files must agree on.
void checkTls(const Options& o) {
  bool https = o.listenUrl.rfind("https://", 0) == 0;
  bool files = !o.tlsCertFile.empty() || !o.tlsKeyFile.empty();
  if (platform::kTlsByHttpSys) {
    if (files) {
      throw std::invalid_argument(
          "--tls-cert and --tls-key are for Linux; on Windows bind the certificate to "
          "http.sys (netsh http add sslcert, deploy/windows/install.ps1)");
    }
    return;
  }
  if (files && !https) throw std::invalid_argument("--tls-cert and --tls-key go with --listen https://HOST:PORT");
  if (https && (o.tlsCertFile.empty() || o.tlsKeyFile.empty())) {
    throw std::invalid_argument("--listen https:// needs --tls-cert FILE and --tls-key FILE (PEM)");
  }
  if (https && o.transport != "beast") throw std::invalid_argument("https on Linux is served by --transport beast");
}

const std::map<std::string, Setter>& setters() {
  static const std::map<std::string, Setter> table = {
      {"listen",
       [](Options& o, const std::string& v) {
         checkListenUrl(v);
         o.listenUrl = v;
       }},
      {"data-dir",
       [](Options& o, const std::string& v) {
         if (v.empty()) throw std::invalid_argument("--data-dir must not be empty");
         o.dataDir = v;
       }},
      {"backend",
       [](Options& o, const std::string& v) {
         if (v == "clusapi" && !platform::kHasClusapi) {
           throw std::invalid_argument("--backend clusapi runs only on Windows; this build has the simulated backend");
         }
         if (v != "simulated" && v != "clusapi") {
           throw std::invalid_argument("--backend must be 'simulated' or 'clusapi', not '" + v + "'");
         }
         o.backend = v;
       }},
      {"lab", [](Options& o, const std::string& v) { o.labFile = v; }},
      {"lab-state",
       [](Options& o, const std::string& v) {
         if (v.empty()) throw std::invalid_argument("--lab-state must not be empty");
         o.labStateFile = v;
       }},
      {"database",
       [](Options& o, const std::string& v) {
         checkDatabase("--database", v);
         o.database = v;
       }},
      {"lease-seconds",
       [](Options& o, const std::string& v) { o.leaseSeconds = integerIn("--lease-seconds", v, 2, 3600); }},
      {"database-connections",
       [](Options& o, const std::string& v) {
         o.databaseConnections = integerIn("--database-connections", v, 2, 256);
       }},
      {"secret-key-file",
       [](Options& o, const std::string& v) {
         if (v.empty()) throw std::invalid_argument("--secret-key-file must not be empty");
         o.secretKeyFile = v;
       }},
      {"workers", [](Options& o, const std::string& v) { o.workers = integerIn("--workers", v, 1, 64); }},
      {"sim-delay-ms",
       [](Options& o, const std::string& v) { o.simDelayMs = integerIn("--sim-delay-ms", v, 0, 600000); }},
      {"log-level",
       [](Options& o, const std::string& v) {
         static const char* levels[] = {"trace", "debug", "info", "warn", "error", "critical", "off"};
         bool known = false;
         for (const char* l : levels) known = known || v == l;
         if (!known)
           throw std::invalid_argument("--log-level must be trace, debug, info, warn, error, critical or off");
         o.logLevel = v;
       }},
      {"max-body-bytes",
       [](Options& o, const std::string& v) {
         o.maxBodyBytes = static_cast<size_t>(integerIn("--max-body-bytes", v, 1024, 64 << 20));
       }},
      {"transport",
       [](Options& o, const std::string& v) {
         if (v != "beast" && v != "cpprest") {
           throw std::invalid_argument("--transport must be 'beast' or 'cpprest', not '" + v + "'");
         }
         o.transport = v;
       }},
      {"max-header-bytes",
       [](Options& o, const std::string& v) {
         o.maxHeaderBytes = static_cast<size_t>(integerIn("--max-header-bytes", v, 1024, 1 << 20));
       }},
      {"max-url-bytes",
       [](Options& o, const std::string& v) {
         o.maxUrlBytes = static_cast<size_t>(integerIn("--max-url-bytes", v, 256, 1 << 20));
       }},
      {"header-timeout-ms",
       [](Options& o, const std::string& v) { o.headerTimeoutMs = integerIn("--header-timeout-ms", v, 100, 600000); }},
      {"body-timeout-ms",
       [](Options& o, const std::string& v) { o.bodyTimeoutMs = integerIn("--body-timeout-ms", v, 100, 600000); }},
      {"keep-alive-timeout-ms",
       [](Options& o, const std::string& v) {
         o.keepAliveTimeoutMs = integerIn("--keep-alive-timeout-ms", v, 100, 3600000);
       }},
      {"max-json-depth",
       [](Options& o, const std::string& v) {
         o.maxJsonDepth = static_cast<size_t>(integerIn("--max-json-depth", v, 8, 512));
       }},
      {"auth-failures-per-minute",
       [](Options& o, const std::string& v) {
         o.authFailuresPerMinute = integerIn("--auth-failures-per-minute", v, 1, 100000);
       }},
      {"max-connections",
       [](Options& o, const std::string& v) { o.maxConnections = integerIn("--max-connections", v, 1, 100000); }},
      {"write-threads",
       [](Options& o, const std::string& v) { o.writeThreads = integerIn("--write-threads", v, 1, 256); }},
      {"job-cache-entries",
       [](Options& o, const std::string& v) {
         o.jobCacheEntries = integerIn("--job-cache-entries", v, 0, 1000000);
       }},
      {"max-long-polls",
       [](Options& o, const std::string& v) { o.maxLongPolls = integerIn("--max-long-polls", v, 0, 100000); }},
      {"webhook-timeout-ms",
       [](Options& o, const std::string& v) {
         o.webhookTimeoutMs = integerIn("--webhook-timeout-ms", v, 100, 120000);
       }},
      {"webhook-retry-base-ms",
       [](Options& o, const std::string& v) {
         o.webhookRetryBaseMs = integerIn("--webhook-retry-base-ms", v, 10, 3600000);
       }},
      {"webhook-give-up-hours",
       [](Options& o, const std::string& v) {
         o.webhookGiveUpHours = integerIn("--webhook-give-up-hours", v, 1, 24 * 30);
       }},
      {"webhook-keep-days",
       [](Options& o, const std::string& v) { o.webhookKeepDays = integerIn("--webhook-keep-days", v, 1, 3650); }},
      {"max-webhook-subscriptions",
       [](Options& o, const std::string& v) {
         o.maxWebhookSubscriptions = integerIn("--max-webhook-subscriptions", v, 0, 10000);
       }},
      {"allow-empty-database",
       [](Options& o, const std::string& v) { o.allowEmptyDatabase = switchValue("--allow-empty-database", v); }},
      {"public-metrics",
       [](Options& o, const std::string& v) { o.publicMetrics = switchValue("--public-metrics", v); }},
      {"public-url",
       [](Options& o, const std::string& v) {
         checkPublicUrl(v);
         o.publicUrl = v;
       }},
      {"tls-cert", [](Options& o, const std::string& v) { o.tlsCertFile = v; }},
      {"tls-key", [](Options& o, const std::string& v) { o.tlsKeyFile = v; }},
      {"allow-insecure-http",
       [](Options& o, const std::string& v) { o.allowInsecureHttp = switchValue("--allow-insecure-http", v); }},
      {"cors-origin",
       [](Options& o, const std::string& v) {
         // Repeatable; a config file gives the list as a JSON array.
         std::vector<std::string> origins;
         if (!v.empty() && v.front() == '[') {
           auto list = nlohmann::json::parse(v, nullptr, false);
           if (!list.is_array()) throw std::invalid_argument("corsOrigin must be a list of origins");
           for (const auto& item : list) origins.push_back(item.is_string() ? item.get<std::string>() : item.dump());
         } else {
           origins.push_back(v);
         }
         for (const auto& origin : origins) {
           checkOrigin(origin);
           o.corsOrigins.push_back(origin);
         }
       }},
      {"shutdown-grace-ms",
       [](Options& o, const std::string& v) { o.shutdownGraceMs = integerIn("--shutdown-grace-ms", v, 0, 300000); }},
  };
  return table;
}

// Config keys are the flag names in camelCase: "data-dir" -> "dataDir".
std::string camelCase(const std::string& flag) {
  std::string out;
  bool upper = false;
  for (char c : flag) {
    if (c == '-') upper = true;
    else {
      out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      upper = false;
    }
  }
  return out;
}

void applyConfigFile(Options& options, const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("cannot open config file " + path);
  nlohmann::json config;
  try {
    in >> config;
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument("config file " + path + " is not valid JSON: " + e.what());
  }
  if (!config.is_object()) throw std::invalid_argument("config file " + path + " must hold a JSON object");
  std::map<std::string, const Setter*> byKey;
  for (const auto& [flag, setter] : setters()) byKey[camelCase(flag)] = &setter;
  for (const auto& [key, value] : config.items()) {
    auto it = byKey.find(key);
    if (it == byKey.end()) throw std::invalid_argument("config file " + path + ": unknown key '" + key + "'");
    std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    try {
      (*it->second)(options, text);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("config file " + path + ", key '" + key + "': " + e.what());
    }
  }
}

// DOMAIN\\name, as the SCM takes a service account: one backslash, and none
// of the characters Active Directory refuses in an account name.
void checkAccount(const std::string& account) {
  auto slash = account.find('\\');
  bool shaped = slash != std::string::npos && slash > 0 && slash + 1 < account.size() &&
                account.find('\\', slash + 1) == std::string::npos;
  for (char c : account) {
    shaped =
        shaped && static_cast<unsigned char>(c) >= 0x20 && std::string("\"/[]:;|=,+*?<>").find(c) == std::string::npos;
  }
  if (!shaped) {
    throw std::invalid_argument("--account must look like DOMAIN\\name (a gMSA ends in $), not '" + account + "'");
  }
}

// Name/value pairs of the flags after the command.
std::vector<std::pair<std::string, std::string>> flagsOf(const std::vector<std::string>& args) {
  std::vector<std::pair<std::string, std::string>> flags;
  for (size_t i = 1; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg.rfind("--", 0) != 0) throw std::invalid_argument("unexpected argument '" + arg + "'");
    std::string name = arg.substr(2), value;
    auto equals = name.find('=');
    if (equals != std::string::npos) {
      value = name.substr(equals + 1);
      name = name.substr(0, equals);
    } else if (isSwitch(name)) {
      value = "true";  // a switch: present or not
    } else {
      if (i + 1 >= args.size()) throw std::invalid_argument("--" + name + " needs a value");
      value = args[++i];
    }
    flags.emplace_back(name, value);
  }
  return flags;
}

ParsedCommandLine parseInstall(const std::vector<std::string>& args) {
  ParsedCommandLine parsed;
  parsed.command = Command::Install;
  for (const auto& [name, value] : flagsOf(args)) {
    if (name == "account") {
      checkAccount(value);
      parsed.install.account = value;
    } else if (name == "config") {
      // The service reads it at every start: refuse a broken one now, not then.
      parsed.options = parseCommandLine({"run", "--config", value}).options;
      parsed.install.configFile = value;
    } else {
      throw std::invalid_argument("unknown flag --" + name + " for install (it takes --account and --config)");
    }
  }
  return parsed;
}

ParsedCommandLine parseToken(const std::vector<std::string>& args) {
  ParsedCommandLine parsed;
  parsed.command = Command::Token;
  auto& token = parsed.token;
  token.action = args.size() > 1 ? args[1] : "";
  if (token.action != "create" && token.action != "list" && token.action != "revoke") {
    throw std::invalid_argument("token takes create, list or revoke");
  }
  for (const auto& [name, value] : flagsOf(std::vector<std::string>(args.begin() + 1, args.end()))) {
    if (name == "data-dir") token.dataDir = value;
    else if (name == "database") token.database = checkDatabase("--database", value);
    else if (name == "name" && token.action != "list") token.name = value;
    else if (name == "role" && token.action == "create") token.role = value;
    else if (name == "expires-in" && token.action == "create") token.expiresIn = value;
    else throw std::invalid_argument("unknown flag --" + name + " for token " + token.action);
  }
  if (token.dataDir.empty() == token.database.empty()) {
    throw std::invalid_argument("token " + token.action + " needs --data-dir or --database (one of them)");
  }
  if (token.action != "list" && token.name.empty())
    throw std::invalid_argument("token " + token.action + " needs --name");
  if (token.action == "create" && token.role.empty()) throw std::invalid_argument("token create needs --role");
  return parsed;
}

ParsedCommandLine parseMigrateStore(const std::vector<std::string>& args) {
  ParsedCommandLine parsed;
  parsed.command = Command::MigrateStore;
  for (const auto& [name, value] : flagsOf(args)) {
    if (name == "from") parsed.migrate.from = checkDatabase("--from", value);
    else if (name == "to") parsed.migrate.to = checkDatabase("--to", value);
    else throw std::invalid_argument("unknown flag --" + name + " for migrate-store (it takes --from and --to)");
  }
  if (parsed.migrate.from.empty() || parsed.migrate.to.empty()) {
    throw std::invalid_argument("migrate-store needs --from sqlite:PATH and --to postgresql://user@host:port/db");
  }
  return parsed;
}

}  // namespace

ParsedCommandLine parseCommandLine(const std::vector<std::string>& args) {
  ParsedCommandLine parsed;
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") return parsed;
  if (args[0] == "--version" || args[0] == "version") {
    parsed.command = Command::Version;
    return parsed;
  }
  if (args[0] == "install") return parseInstall(args);
  if (args[0] == "token") return parseToken(args);
  if (args[0] == "migrate-store") return parseMigrateStore(args);
  if (args[0] == "uninstall") {
    if (args.size() > 1) throw std::invalid_argument("uninstall takes no arguments");
    parsed.command = Command::Uninstall;
    return parsed;
  }
  if (args[0] != "run") throw std::invalid_argument("unknown command '" + args[0] + "'");
  parsed.command = Command::Run;

  std::vector<std::pair<std::string, std::string>> flags;
  std::optional<std::string> configFile;
  for (const auto& [name, value] : flagsOf(args)) {
    if (name == "config") configFile = value;
    else if (!setters().count(name)) throw std::invalid_argument("unknown flag --" + name);
    else flags.emplace_back(name, value);
  }
  if (configFile) applyConfigFile(parsed.options, *configFile);
  for (const auto& [name, value] : flags) setters().at(name)(parsed.options, value);
  const auto& o = parsed.options;
  checkTls(o);
  if (o.listenUrl.rfind("http://", 0) == 0 && !isLoopbackListen(o.listenUrl) && !o.allowInsecureHttp) {
    throw std::invalid_argument("--listen " + o.listenUrl +
                                " would send bearer tokens in clear over the network: listen on https:// (or "
                                "behind a TLS proxy on loopback), or pass --allow-insecure-http");
  }
  return parsed;
}

std::string usage() {
  return "usage: clusterforge run [--listen http://HOST:PORT] [--data-dir DIR] [--backend simulated|clusapi]\n"
         "                        [--lab FILE] [--workers N] [--sim-delay-ms N] [--log-level LEVEL]\n"
         "                        [--shutdown-grace-ms N] [--allow-empty-database] [--public-metrics] [--config FILE]\n"
         "                        [--allow-insecure-http] [--cors-origin ORIGIN]... [--auth-failures-per-minute N]\n"
         "                        [--public-url URL]\n"
         "                        [--tls-cert FILE --tls-key FILE]   (with --listen https://, Linux; SIGHUP reloads)\n"
         "                        [--transport beast|cpprest] [--max-body-bytes N] [--max-header-bytes N]\n"
         "                        [--max-url-bytes N] [--header-timeout-ms N] [--body-timeout-ms N]\n"
         "                        [--keep-alive-timeout-ms N] [--max-connections N] [--max-json-depth N]\n"
         "                        [--max-long-polls N] [--job-cache-entries N] [--write-threads N]\n"
         "                        [--webhook-timeout-ms N] [--webhook-retry-base-ms N]\n"
         "                        [--webhook-give-up-hours N] [--webhook-keep-days N] [--max-webhook-subscriptions N]\n"
         "                        [--database sqlite:PATH|postgresql://USER@HOST:PORT/DB] [--lease-seconds N]\n"
         "                        [--database-connections N] [--lab-state FILE] [--secret-key-file FILE]\n"
         "       clusterforge token create --data-dir DIR|--database URL --name NAME --role reader|operator|admin\n"
         "                                 [--expires-in 90d]\n"
         "       clusterforge token list --data-dir DIR|--database URL\n"
         "       clusterforge token revoke --data-dir DIR|--database URL --name NAME\n"
         "       clusterforge migrate-store --from sqlite:PATH --to postgresql://USER@HOST:PORT/DB\n"
         "       clusterforge install [--account DOMAIN\\gmsa$] [--config FILE]   (Windows)\n"
         "       clusterforge uninstall                                         (Windows)\n"
         "       clusterforge --version\n" +
         clientUsage() +
         "Flags override the config file (JSON with the flags' names in camelCase: dataDir, simDelayMs, ...).\n";
}

}  // namespace cf::service
