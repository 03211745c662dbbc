#include "storage/postgres/pg_job_store.h"

#include "orchestration/common/clock.h"
#include "storage/database_location.h"
#include "storage/job_rows.h"

namespace cf::storage {

namespace {

std::string millis(std::chrono::milliseconds ttl) { return std::to_string(ttl.count()); }

// A text[] literal of ids: each quoted, backslashes and quotes escaped.
std::string textArray(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ",";
    out += '"';
    for (char ch : values[i]) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  return out + "}";
}

Job jobOf(const PgRow& row) { return jobFromRow(row); }

}  // namespace

PgJobStore::PgJobStore(std::shared_ptr<PgPool> pool, std::string owner)
    : pool_(std::move(pool)), owner_(std::move(owner)) {}

void PgJobStore::appendEvents(PgConnection& c, const std::string& jobId, const std::vector<JobEvent>& events) {
  if (events.empty()) return;
  int64_t next = c.exec("SELECT COALESCE(MAX(sequence), 0) FROM job_events WHERE job_id = $1", {jobId}).integer(0, 0);
  for (const auto& e : events) {
    c.exec("INSERT INTO job_events(job_id, sequence, time, level, step, message) VALUES ($1, $2, $3, $4, $5, $6)",
           {jobId, std::to_string(++next), e.time, toString(e.level), e.step, e.message});
  }
}

// `alongside` runs after the commit: the other stores take connections of
// their own from the pool.
void PgJobStore::insertWith(Job& job, const std::vector<JobEvent>& events, const Alongside& alongside) {
  pool_->transaction([&](PgConnection& c) {
    std::string names = "kind, cluster, created_at, request_key";
    std::string values = "$1, $2, $3, $4";
    PgParams params = {job.kind, job.cluster, job.createdAt,
                       job.requestKey.empty() ? PgParam() : PgParam(job.requestKey)};
    for (const auto& [column, value] : jobStateColumns(job)) {
      params.push_back(value);
      names += ", " + column;
      values += ", $" + std::to_string(params.size());
    }
    job.seq = c.exec("INSERT INTO jobs(" + names + ") VALUES (" + values + ") RETURNING seq", params).integer(0, 0);
    appendEvents(c, job.id, events);
  });
  if (alongside) alongside(job);
}

void PgJobStore::update(const Job& job, const std::vector<JobEvent>& events) {
  pool_->transaction([&](PgConnection& c) {
    PgParams params = {owner_};
    std::string sets;
    for (const auto& [column, value] : jobStateColumns(job)) {
      params.push_back(value);
      std::string placeholder = "$" + std::to_string(params.size());
      if (column == "id") continue;
      if (!sets.empty()) sets += ", ";
      // cancel_requested is only ever raised, by requestCancel; an update made
      // from an older copy of the job must not lower it again.
      sets += column == "cancel_requested" ? "cancel_requested = cancel_requested OR " + placeholder + "::boolean"
                                           : column + " = " + placeholder;
    }
    // $2 is the id: jobStateColumns lists it first.
    auto updated =
        c.exec("UPDATE jobs SET " + sets + " WHERE id = $2 AND (lease_owner IS NULL OR lease_owner = $1)", params);
    if (updated.affected() != 1) {
      auto holder = c.exec("SELECT lease_owner FROM jobs WHERE id = $1", {job.id});
      if (holder.rows() == 0) throw std::runtime_error("job " + job.id + " is not in the store");
      throw StorageFailure("job " + job.id + " was taken over by instance " + holder.text(0, 0) +
                           " after this instance's lease on it lapsed; this run stops here");
    }
    appendEvents(c, job.id, events);
  });
}

std::optional<Job> PgJobStore::requestCancel(const std::string& id) {
  return pool_->transaction([&](PgConnection& c) {
    auto raised = c.exec(
        "UPDATE jobs SET cancel_requested = TRUE WHERE id = $1 AND NOT cancel_requested "
        "AND status IN ('queued', 'running')",
        {id});
    if (raised.affected() == 1) {
      appendEvents(c, id, {JobEvent{0, nowRfc3339(), EventLevel::Info, "", "cancel requested"}});
    }
    return findOn(c, id);
  });
}

std::optional<Job> PgJobStore::findOn(PgConnection& c, const std::string& id) {
  auto rows = c.exec(std::string("SELECT ") + kJobColumns + " FROM jobs WHERE id = $1", {id});
  if (rows.rows() == 0) return std::nullopt;
  return jobOf(PgRow{rows, 0});
}

std::optional<Job> PgJobStore::find(const std::string& id) {
  return pool_->with([&](PgConnection& c) { return findOn(c, id); });
}

std::optional<Job> PgJobStore::findByRequestKey(const std::string& requestKey) {
  return pool_->with([&](PgConnection& c) -> std::optional<Job> {
    auto rows = c.exec(std::string("SELECT ") + kJobColumns + " FROM jobs WHERE request_key = $1", {requestKey});
    if (rows.rows() == 0) return std::nullopt;
    return jobOf(PgRow{rows, 0});
  });
}

JobPage PgJobStore::list(const JobQuery& query) {
  return pool_->with([&](PgConnection& c) {
    std::string sql = std::string("SELECT ") + kJobColumns + " FROM jobs WHERE TRUE";
    PgParams params;
    auto filter = [&](const char* condition, const std::string& value) {
      params.push_back(value);
      sql += std::string(" AND ") + condition + " $" + std::to_string(params.size());
    };
    if (query.status) filter("status =", toString(*query.status));
    if (query.kind) filter("kind =", *query.kind);
    if (query.cluster) filter("cluster =", *query.cluster);
    if (query.beforeSeq) filter("seq <", std::to_string(*query.beforeSeq));
    params.push_back(std::to_string(query.limit + 1));  // one more tells whether another page follows
    sql += " ORDER BY seq DESC LIMIT $" + std::to_string(params.size());
    JobPage page;
    page.jobs = allRows(c.exec(sql, params), jobOf);
    if (page.jobs.size() > static_cast<size_t>(query.limit)) {
      page.jobs.pop_back();
      page.nextBeforeSeq = page.jobs.back().seq;
    }
    return page;
  });
}

std::vector<JobEvent> PgJobStore::events(const std::string& id, int64_t afterSequence, int limit) {
  return pool_->with([&](PgConnection& c) {
    return allRows(c.exec(std::string("SELECT ") + kEventColumns +
                              " FROM job_events WHERE job_id = $1 AND sequence > $2 ORDER BY sequence LIMIT $3",
                          {id, std::to_string(afterSequence), std::to_string(limit)}),
                   [](const PgRow& row) { return eventFromRow(row); });
  });
}

std::vector<Job> PgJobStore::running() {
  return pool_->with([&](PgConnection& c) {
    return allRows(c.exec(std::string("SELECT ") + kJobColumns + " FROM jobs WHERE status = 'running' ORDER BY seq"),
                   jobOf);
  });
}

std::vector<QueuedJob> PgJobStore::queued() {
  return pool_->with([&](PgConnection& c) {
    return allRows(c.exec("SELECT seq, id, cluster FROM jobs WHERE status = 'queued' ORDER BY seq"),
                   [](const PgRow& row) {
                     return QueuedJob{row.integer(0), row.text(1), row.text(2)};
                   });
  });
}

std::optional<Job> PgJobStore::latestForCluster(const std::string& cluster) {
  return pool_->with([&](PgConnection& c) -> std::optional<Job> {
    auto rows = c.exec(std::string("SELECT ") + kJobColumns + " FROM jobs WHERE cluster = $1 ORDER BY seq DESC LIMIT 1",
                       {cluster});
    if (rows.rows() == 0) return std::nullopt;
    return jobOf(PgRow{rows, 0});
  });
}

std::optional<std::string> PgJobStore::claimNext(std::chrono::milliseconds ttl) {
  return pool_->with([&](PgConnection& c) -> std::optional<std::string> {
    // SKIP LOCKED: a job another instance is claiming this instant is passed
    // over, not waited for. A job behind an earlier unfinished one of its
    // cluster is never a candidate, whoever holds that one.
    auto claimed = c.exec(
        "UPDATE jobs SET lease_owner = $1, lease_expires = now() + $2 * interval '1 millisecond' "
        "WHERE seq = (SELECT j.seq FROM jobs j "
        "  WHERE j.status IN ('queued', 'running') "
        "    AND (j.lease_expires IS NULL OR j.lease_expires < now()) "
        "    AND (j.cluster = '' OR NOT EXISTS (SELECT 1 FROM jobs o WHERE o.cluster = j.cluster "
        "         AND o.status IN ('queued', 'running') AND o.seq < j.seq)) "
        "  ORDER BY j.seq LIMIT 1 FOR UPDATE SKIP LOCKED) "
        "RETURNING id",
        {owner_, millis(ttl)});
    if (claimed.rows() == 0) return std::nullopt;
    return claimed.text(0, 0);
  });
}

std::vector<HeldLease> PgJobStore::renew(const std::vector<std::string>& jobIds, std::chrono::milliseconds ttl) {
  if (jobIds.empty()) return {};
  return pool_->with([&](PgConnection& c) {
    return allRows(c.exec("UPDATE jobs SET lease_expires = now() + $3 * interval '1 millisecond' "
                          "WHERE lease_owner = $1 AND id = ANY($2::text[]) RETURNING id, cancel_requested",
                          {owner_, textArray(jobIds), millis(ttl)}),
                   [](const PgRow& row) {
                     return HeldLease{row.text(0), flagFromText(row.text(1))};
                   });
  });
}

void PgJobStore::release(const std::string& jobId) {
  pool_->with([&](PgConnection& c) {
    c.exec("UPDATE jobs SET lease_owner = NULL, lease_expires = NULL WHERE id = $1 AND lease_owner = $2",
           {jobId, owner_});
  });
}

QueueSummary PgJobStore::queue() {
  return pool_->with([&](PgConnection& c) {
    auto rows = c.exec(
        "SELECT COUNT(*), (SELECT created_at FROM jobs WHERE status = 'queued' ORDER BY seq LIMIT 1) "
        "FROM jobs WHERE status = 'queued'");
    return QueueSummary{static_cast<size_t>(rows.integer(0, 0)), rows.optionalText(0, 1)};
  });
}

void PgJobStore::announce(const InstanceInfo& self) {
  pool_->with([&](PgConnection& c) {
    c.exec(
        "INSERT INTO instances(id, address, version, started_at, heartbeat_at) VALUES ($1, $2, $3, $4, now()) "
        "ON CONFLICT (id) DO UPDATE SET heartbeat_at = now(), address = EXCLUDED.address",
        {owner_, self.address, self.version, self.startedAt});
  });
}

std::vector<InstanceInfo> PgJobStore::instances(std::chrono::milliseconds within) {
  return pool_->with([&](PgConnection& c) {
    auto live =
        allRows(c.exec("SELECT id, address, version, started_at, "
                       "to_char(heartbeat_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM instances "
                       "WHERE heartbeat_at > now() - $1 * interval '1 millisecond' ORDER BY started_at, id",
                       {millis(within)}),
                [](const PgRow& row) {
                  return InstanceInfo{row.text(0), row.text(1), row.text(2), row.text(3), row.text(4), {}};
                });
    auto held = c.exec(
        "SELECT lease_owner, id FROM jobs WHERE lease_owner IS NOT NULL AND lease_expires > now() "
        "AND status IN ('queued', 'running') ORDER BY seq");
    for (int i = 0; i < held.rows(); ++i) {
      for (auto& instance : live) {
        if (instance.id == held.text(i, 0)) instance.jobs.push_back(held.text(i, 1));
      }
    }
    return live;
  });
}

StorageHealth PgJobStore::health() {
  std::lock_guard<std::mutex> lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  if (now - lastProbe_ < std::chrono::seconds(1)) return lastHealth_;
  lastProbe_ = now;
  try {
    pool_->transaction([&](PgConnection& c) {
      // A short wait: /readyz must answer promptly even when the server stalls.
      c.exec("SET LOCAL statement_timeout = 1000");
      c.exec(
          "INSERT INTO storage_probe(id, written_at) VALUES ($1, now()) "
          "ON CONFLICT (id) DO UPDATE SET written_at = now()",
          {owner_});
    });
    lastHealth_ = {true, "reads and writes (PostgreSQL " + redactedDatabaseUrl(pool_->url()) + ")"};
  } catch (const std::exception& e) {
    lastHealth_ = {false, std::string("cannot be written: ") + e.what()};
  }
  return lastHealth_;
}

}  // namespace cf::storage
