// Where the service keeps its state, as --database names it: "sqlite:PATH"
// (one instance; the embedded default) or a PostgreSQL URL (several
// instances). Header-only: the option parser, which the Windows build links
// without the storage layer, checks the flag with it.
#pragma once

#include <regex>
#include <stdexcept>
#include <string>

namespace cf::storage {

struct DatabaseLocation {
  enum class Kind { Sqlite, Postgres };
  Kind kind = Kind::Sqlite;
  std::string target;  // the file's path, or the PostgreSQL URL as given
};

// The URL with any password replaced by "***": what logs, errors and /readyz show.
inline std::string redactedDatabaseUrl(const std::string& url) {
  // Any scheme's: a mistyped one (mysql://, postgresq://) may carry a password too.
  static const std::regex userinfoPassword(R"(^([A-Za-z][A-Za-z0-9+.-]*://[^:/@?#]*):[^@/?#]*@)");
  static const std::regex keywordPassword(R"((password\s*=\s*)('[^']*'|\S+))");
  static const std::regex queryPassword(R"(([?&]password=)[^&#]*)");
  std::string out = std::regex_replace(url, userinfoPassword, "$1:***@");
  out = std::regex_replace(out, keywordPassword, "$1***");
  return std::regex_replace(out, queryPassword, "$1***");
}

// Throws std::invalid_argument saying what is wrong, never with a password.
inline DatabaseLocation parseDatabaseLocation(const std::string& text) {
  auto startsWith = [&](const char* prefix) { return text.rfind(prefix, 0) == 0; };
  if (startsWith("sqlite:")) {
    std::string path = text.substr(7);
    if (path.empty()) throw std::invalid_argument("sqlite: needs a file's path after it (sqlite:/var/lib/x.db)");
    return {DatabaseLocation::Kind::Sqlite, path};
  }
  if (startsWith("postgresql://") || startsWith("postgres://")) {
    if (text.find_first_of(" \t\r\n") != std::string::npos) {
      throw std::invalid_argument("a PostgreSQL URL has no white space (" + redactedDatabaseUrl(text) + ")");
    }
    return {DatabaseLocation::Kind::Postgres, text};
  }
  throw std::invalid_argument("expected sqlite:PATH or postgresql://user@host:port/database, not " +
                              redactedDatabaseUrl(text));
}

// For logs: the kind and where, without a password.
inline std::string describe(const DatabaseLocation& location) {
  if (location.kind == DatabaseLocation::Kind::Sqlite) return "sqlite:" + location.target;
  return redactedDatabaseUrl(location.target);
}

}  // namespace cf::storage
