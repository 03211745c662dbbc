// One SQLite connection shared by the stores written on every request's path
// (jobs, the audit trail), and group commit over it: writes that arrive while
// a commit is in progress are committed together by the next one, in one
// transaction, so a burst of submits costs one fsync per group instead of
// one per row, and no write waits on another connection's lock.
//
// write() returns once its change is durable. Each change runs in its own
// SAVEPOINT: one that throws is rolled back alone and its caller gets the
// exception, the others of the group commit. A write made from inside a
// change (another store's record that belongs with it) runs at once, as part
// of that change. When BEGIN or COMMIT fails, every write of the group fails
// with that error; so it does, with StorageFailure, when the database file
// was deleted or replaced, since its writes would go to a file nobody will
// read again. withConnection() runs reads (or a write with its own
// transaction) between groups.
#pragma once

#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace cf::storage {

class GroupCommit {
 public:
  using Change = std::function<void(SQLite::Database&)>;

  explicit GroupCommit(std::unique_ptr<SQLite::Database> db);
  // Opens and migrates the database file (database.h).
  static std::shared_ptr<GroupCommit> open(const std::string& path);
  ~GroupCommit();

  void write(const Change& change);

  template <typename Body>
  auto withConnection(Body body) -> decltype(body(std::declval<SQLite::Database&>())) {
    std::lock_guard<std::mutex> lock(connectionMutex_);
    return body(*db_);
  }

  // Throws StorageFailure when the file at the opened path is gone or is
  // another file.
  void requireSameFile() const;

  // The statement for `sql`, prepared once per connection, reset and with no
  // bindings. Only inside a change or a withConnection body.
  SQLite::Statement& prepared(const std::string& sql);

 private:
  enum class Outcome { Committed, Lead };
  struct Pending {
    const Change* change = nullptr;
    std::exception_ptr error;  // set by the group's leader before `outcome`
    std::promise<Outcome> outcome;
  };
  void commit(const std::deque<Pending*>& group);
  void run(const char* sql);

  std::unique_ptr<SQLite::Database> db_;
  std::pair<uint64_t, uint64_t> fileIdentity_;  // device and inode
  std::map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
  std::mutex connectionMutex_;
  std::mutex queueMutex_;
  std::deque<Pending*> queue_;
  bool leading_ = false;  // a writer leads a commit, or has been told to lead the next
};

}  // namespace cf::storage
