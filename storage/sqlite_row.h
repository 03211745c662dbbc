// The current row of a SQLite statement as job_rows.h reads rows.
#pragma once

#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <optional>
#include <string>

namespace cf::storage {

struct SqliteRow {
  SQLite::Statement& statement;

  std::string text(int i) const { return statement.getColumn(i).getString(); }
  std::optional<std::string> optionalText(int i) const {
    if (statement.getColumn(i).isNull()) return std::nullopt;
    return statement.getColumn(i).getString();
  }
  int64_t integer(int i) const { return statement.getColumn(i).getInt64(); }
};

}  // namespace cf::storage
