#include "storage/group_commit.h"

#include <stdexcept>

#include <SQLiteCpp/SQLiteCpp.h>

#include "orchestration/common/storage_failure.h"
#include "storage/database.h"

namespace cf::storage {

GroupCommit::GroupCommit(std::unique_ptr<SQLite::Database> db)
    : db_(std::move(db)), fileIdentity_(fileIdentityOf(db_->getFilename())) {}
GroupCommit::~GroupCommit() {
  statements_.clear();  // before the connection they belong to
}

SQLite::Statement& GroupCommit::prepared(const std::string& sql) {
  auto& statement = statements_[sql];
  if (!statement) {
    statement = std::make_unique<SQLite::Statement>(*db_, sql);
  } else {
    // tryReset: reset() would throw the last step's error again, already
    // reported to whoever ran that step.
    statement->tryReset();
    statement->clearBindings();
  }
  return *statement;
}

void GroupCommit::requireSameFile() const {
  if (fileIdentityOf(db_->getFilename()) != fileIdentity_) {
    throw StorageFailure("the database file was deleted or replaced while the service ran");
  }
}

void GroupCommit::run(const char* sql) { prepared(sql).exec(); }

std::shared_ptr<GroupCommit> GroupCommit::open(const std::string& path) {
  return std::make_shared<GroupCommit>(openDatabase(path));
}

namespace {
// The GroupCommit whose changes this thread is running, if any.
thread_local const GroupCommit* committing = nullptr;
}  // namespace

void GroupCommit::write(const Change& change) {
  // Written from inside a change (JobStore::insertWith): part of that change.
  if (committing == this) return change(*db_);
  // Through another connection it would wait for the write lock that this
  // thread's own transaction holds: the stores are wired wrong.
  if (committing) throw std::logic_error("a write through another SQLite connection from inside a change");
  Pending mine;
  mine.change = &change;
  auto outcome = mine.outcome.get_future();
  bool lead;
  {
    std::lock_guard<std::mutex> lock(queueMutex_);
    queue_.push_back(&mine);
    lead = !leading_;
    leading_ = true;
  }
  // Whoever finds no commit in progress leads the next one, for everyone
  // queued; the others wait until theirs has committed or it is their turn
  // to lead. Each is told through its own promise, set with no lock held: a
  // writer woken while the leader still held the queue's lock would only
  // block again on it.
  if (lead || outcome.get() == Outcome::Lead) {
    std::deque<Pending*> group;
    Pending* next = nullptr;
    {
      std::lock_guard<std::mutex> lock(queueMutex_);
      group.swap(queue_);
    }
    commit(group);
    {
      std::lock_guard<std::mutex> lock(queueMutex_);
      if (queue_.empty()) leading_ = false;
      else next = queue_.front();
    }
    // The next leader first: its group's commit, which every writer queued
    // since waits for, starts while the rest of this group is woken.
    if (next) next->outcome.set_value(Outcome::Lead);
    for (Pending* p : group) {
      if (p != &mine) p->outcome.set_value(Outcome::Committed);
    }
  }
  if (mine.error) std::rethrow_exception(mine.error);
}

void GroupCommit::commit(const std::deque<Pending*>& group) {
  std::lock_guard<std::mutex> lock(connectionMutex_);
  try {
    requireSameFile();
    run("BEGIN IMMEDIATE");
  } catch (...) {
    for (Pending* p : group) p->error = std::current_exception();
    return;
  }
  committing = this;
  for (Pending* p : group) {
    try {
      run("SAVEPOINT change");
      (*p->change)(*db_);
      run("RELEASE change");
    } catch (...) {
      p->error = std::current_exception();
      try {
        run("ROLLBACK TO change");
        run("RELEASE change");
      } catch (...) {  // the transaction itself is gone: COMMIT below fails the rest
      }
    }
  }
  committing = nullptr;
  try {
    run("COMMIT");
  } catch (...) {
    auto failure = std::current_exception();
    for (Pending* p : group) {
      if (!p->error) p->error = failure;
    }
    try {
      run("ROLLBACK");
    } catch (...) {  // nothing left to roll back
    }
  }
}

}  // namespace cf::storage
