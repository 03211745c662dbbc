#include "service/token_commands.h"

#include <iomanip>
#include <ostream>

#include "api/token_issue.h"
#include "orchestration/common/clock.h"
#include "service/data_directory.h"
#include "service/platform.h"
#include "storage/store_set.h"

namespace cf::service {

namespace {

// The flag a field error of the shared token rules is about.
std::string flagOf(const FieldError& error) {
  if (error.where == "/expiresIn") return "--expires-in";
  return "--" + error.where.substr(1);
}

int create(api::TokenStore& store, const TokenCommand& command, std::ostream& out, std::ostream& err) {
  auto issued = api::issueToken(store, {command.name, command.role, command.expiresIn});
  if (auto* errors = std::get_if<FieldErrors>(&issued)) {
    for (const auto& e : *errors) err << "clusterforge: " << flagOf(e) << " " << e.detail << "\n";
    return 2;
  }
  const auto& token = std::get<api::IssuedToken>(issued);
  out << "token " << token.record.name << " (" << api::toString(token.record.role) << ", "
      << (token.record.expiresAt ? "expires " + *token.record.expiresAt : std::string("never expires"))
      << "); shown this once, store it now:\n"
      << token.token << "\n";
  return 0;
}

int list(api::TokenStore& store, std::ostream& out) {
  std::string now = nowRfc3339();
  out << std::left << std::setw(24) << "NAME" << std::setw(10) << "ROLE" << std::setw(10) << "STATUS" << std::setw(26)
      << "EXPIRES"
      << "LAST USED\n";
  for (const auto& t : store.list()) {
    std::string status = t.revokedAt ? "revoked" : t.expiresAt && *t.expiresAt <= now ? "expired" : "active";
    out << std::setw(24) << t.name << std::setw(10) << api::toString(t.role) << std::setw(10) << status << std::setw(26)
        << t.expiresAt.value_or("never") << t.lastUsedAt.value_or("never") << "\n";
  }
  return 0;
}

int revoke(api::TokenStore& store, const TokenCommand& command, std::ostream& out, std::ostream& err) {
  if (!store.revoke(command.name, nowRfc3339())) {
    err << "clusterforge: there is no token " << command.name << " that is not revoked already\n";
    return 1;
  }
  out << "revoked token " << command.name << "\n";
  return 0;
}

}  // namespace

int runTokenCommand(const TokenCommand& command, std::ostream& out, std::ostream& err) {
  platform::keepNewFilesPrivate();
  try {
    auto database = databaseLocationOf(command.dataDir, command.database);
    if (!command.dataDir.empty()) prepareDataDirectory(command.dataDir, database, false);
    auto store = storage::StoreSet::openTokens(database);
    if (command.action == "create") return create(*store, command, out, err);
    if (command.action == "list") return list(*store, out);
    return revoke(*store, command, out, err);
  } catch (const std::exception& e) {
    err << "clusterforge: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace cf::service
