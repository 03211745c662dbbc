#include "storage/postgres/pg_stores.h"

#include <algorithm>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "storage/job_rows.h"

namespace cf::storage {

namespace {

using nlohmann::json;

constexpr int64_t kIdempotencyRetentionSeconds = 24 * 60 * 60;
constexpr uint64_t kAuditPruneEvery = 1000;
// pg_advisory_xact_lock's key for fanning transitions out.
constexpr const char* kFanOutLock = "7243911504";

std::string number(int64_t value) { return std::to_string(value); }

PgParam optional(const std::optional<std::string>& value) { return value ? PgParam(*value) : PgParam(); }

// Adds "AND <condition> $n" to `sql` for a keyset page's filters.
struct PageQuery {
  std::string sql;
  PgParams params;
  void filter(const std::string& condition, const std::string& value) {
    params.push_back(value);
    sql += " AND " + condition + " $" + std::to_string(params.size());
  }
  // " ORDER BY <order> DESC LIMIT $n", one row more than the page.
  void page(const std::string& order, int limit) {
    params.push_back(number(limit + 1));
    sql += " ORDER BY " + order + " DESC LIMIT $" + std::to_string(params.size());
  }
};

}  // namespace

void PgReportStore::save(const ValidationReport& report) {
  pool_->transaction([&](PgConnection& c) {
    int64_t seq = c.exec(
                       "INSERT INTO validation_reports(id, cluster, verdict, created_at, report) "
                       "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO UPDATE SET cluster = EXCLUDED.cluster, "
                       "verdict = EXCLUDED.verdict, report = EXCLUDED.report RETURNING seq",
                       {report.id, report.cluster.value_or(""), toString(report.verdict()), report.createdAt,
                        toJson(report).dump()})
                      .integer(0, 0);
    c.exec("DELETE FROM validation_report_nodes WHERE report_seq = $1", {number(seq)});
    for (const auto& node : report.nodes) {
      c.exec("INSERT INTO validation_report_nodes(node, report_seq) VALUES ($1, $2) ON CONFLICT DO NOTHING",
             {node, number(seq)});
    }
  });
}

std::optional<ValidationReport> PgReportStore::find(const std::string& id) {
  return pool_->with([&](PgConnection& c) -> std::optional<ValidationReport> {
    auto rows = c.exec("SELECT report FROM validation_reports WHERE id = $1", {id});
    if (rows.rows() == 0) return std::nullopt;
    return reportFromJson(json::parse(rows.text(0, 0)));
  });
}

ReportPage PgReportStore::list(const ReportQuery& query) {
  return pool_->with([&](PgConnection& c) {
    PageQuery q;
    if (query.node) {
      q.sql =
          "SELECT n.report_seq, r.report FROM validation_report_nodes n "
          "JOIN validation_reports r ON r.seq = n.report_seq WHERE TRUE";
      q.filter("n.node =", *query.node);
    } else {
      q.sql = "SELECT r.seq, r.report FROM validation_reports r WHERE TRUE";
    }
    std::string seqColumn = query.node ? "n.report_seq" : "r.seq";
    if (query.cluster) q.filter("r.cluster =", *query.cluster);
    if (query.beforeSeq) q.filter(seqColumn + " <", number(*query.beforeSeq));
    q.page(seqColumn, query.limit);
    auto rows = c.exec(q.sql, q.params);
    ReportPage page;
    for (int i = 0; i < rows.rows() && i < query.limit; ++i) {
      page.reports.push_back(reportFromJson(json::parse(rows.text(i, 1))));
    }
    if (rows.rows() > query.limit) page.nextBeforeSeq = rows.integer(query.limit - 1, 0);
    return page;
  });
}

PgIdempotencyStore::PgIdempotencyStore(std::shared_ptr<PgPool> pool, std::string owner,
                                       std::chrono::milliseconds liveness)
    : pool_(std::move(pool)), owner_(std::move(owner)), liveness_(liveness) {}

api::IdempotencyClaim PgIdempotencyStore::begin(const std::string& key, const std::string& scope,
                                                uint64_t fingerprint) {
  int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  return pool_->transaction([&](PgConnection& c) {
    c.exec("DELETE FROM idempotency_keys WHERE created_at < $1", {number(now - kIdempotencyRetentionSeconds)});
    std::string print = std::to_string(fingerprint);
    // The insert either claims the key or, when a claim exists, waits for
    // the transaction that made it and then reports it.
    auto claimed = c.exec(
        "INSERT INTO idempotency_keys(key, scope, fingerprint, created_at, owner) VALUES ($1, $2, $3, $4, $5) "
        "ON CONFLICT (key, scope) DO NOTHING",
        {key, scope, print, number(now), owner_});
    api::IdempotencyClaim claim;
    if (claimed.affected() == 1) return claim;
    auto found = c.exec(
        "SELECT fingerprint, finished, status, content_type, headers, body FROM idempotency_keys "
        "WHERE key = $1 AND scope = $2",
        {key, scope});
    if (found.text(0, 0) != print) {
      claim.outcome = api::IdempotencyClaim::Outcome::OtherRequest;
    } else if (!flagFromText(found.text(0, 1))) {
      claim.outcome = api::IdempotencyClaim::Outcome::InProgress;
    } else {
      claim.outcome = api::IdempotencyClaim::Outcome::Replay;
      claim.answer.status = static_cast<int>(found.integer(0, 2));
      claim.answer.contentType = found.text(0, 3);
      for (const auto& h : json::parse(found.text(0, 4))) {
        claim.answer.headers.emplace_back(h.at(0).get<std::string>(), h.at(1).get<std::string>());
      }
      claim.answer.body = found.text(0, 5);
    }
    return claim;
  });
}

void PgIdempotencyStore::finish(const std::string& key, const std::string& scope, const api::StoredAnswer& answer) {
  json headers = json::array();
  for (const auto& [name, value] : answer.headers) headers.push_back({name, value});
  pool_->with([&](PgConnection& c) {
    c.exec(
        "UPDATE idempotency_keys SET finished = TRUE, status = $1, content_type = $2, headers = $3, body = $4 "
        "WHERE key = $5 AND scope = $6",
        {std::to_string(answer.status), answer.contentType, headers.dump(), answer.body, key, scope});
  });
}

void PgIdempotencyStore::abandon(const std::string& key, const std::string& scope) {
  pool_->with([&](PgConnection& c) {
    c.exec("DELETE FROM idempotency_keys WHERE key = $1 AND scope = $2 AND NOT finished", {key, scope});
  });
}

std::vector<api::IdempotencyStore::Claim> PgIdempotencyStore::unfinished() {
  return pool_->with([&](PgConnection& c) {
    return allRows(c.exec("SELECT key, scope FROM idempotency_keys WHERE NOT finished AND (owner = $1 OR owner NOT IN "
                          "(SELECT id FROM instances WHERE heartbeat_at > now() - $2 * interval '1 millisecond'))",
                          {owner_, number(liveness_.count())}),
                   [](const PgRow& row) {
                     return Claim{row.text(0), row.text(1)};
                   });
  });
}

bool PgTokenStore::create(const api::TokenRecord& token, const std::string& hash) {
  return pool_->with([&](PgConnection& c) {
    return c.exec(
                "INSERT INTO tokens(name, hash, role, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) "
                "ON CONFLICT DO NOTHING",
                {token.name, hash, api::toString(token.role), token.createdAt, optional(token.expiresAt)})
               .affected() == 1;
  });
}

std::optional<api::TokenRecord> PgTokenStore::findByHash(const std::string& hash) {
  return pool_->with([&](PgConnection& c) -> std::optional<api::TokenRecord> {
    auto rows = c.exec(std::string("SELECT ") + kTokenColumns + " FROM tokens WHERE hash = $1", {hash});
    if (rows.rows() == 0) return std::nullopt;
    return tokenFromRow(PgRow{rows, 0});
  });
}

std::vector<api::TokenRecord> PgTokenStore::list() {
  return pool_->with([&](PgConnection& c) {
    return allRows(c.exec(std::string("SELECT ") + kTokenColumns + " FROM tokens ORDER BY created_at, name"),
                   [](const PgRow& row) { return tokenFromRow(row); });
  });
}

bool PgTokenStore::revoke(const std::string& name, const std::string& now) {
  return pool_->with([&](PgConnection& c) {
    return c.exec("UPDATE tokens SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL", {now, name}).affected() ==
           1;
  });
}

void PgTokenStore::markUsed(const std::string& name, const std::string& now) {
  pool_->with([&](PgConnection& c) { c.exec("UPDATE tokens SET last_used_at = $1 WHERE name = $2", {now, name}); });
}

size_t PgTokenStore::countUsable(const std::string& now) {
  return pool_->with([&](PgConnection& c) {
    return static_cast<size_t>(
        c.exec("SELECT COUNT(*) FROM tokens WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $1)",
               {now})
            .integer(0, 0));
  });
}

void PgAuditStore::append(const api::AuditRecord& r) {
  bool prune = ++appendsSincePrune_ % kAuditPruneEvery == 0;
  pool_->with([&](PgConnection& c) {
    c.exec(
        "INSERT INTO audit(time, token_name, role, client, method, path, status, request_id, job_id) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        {r.time, r.tokenName, r.role, r.client, r.method, r.path, std::to_string(r.status), r.requestId, r.jobId});
    if (prune) {
      // Well past kAuditRetentionDays, as on SQLite.
      c.exec(
          "DELETE FROM audit WHERE time < to_char((now() - interval '366 days') AT TIME ZONE 'UTC', "
          "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')");
    }
  });
}

api::AuditPage PgAuditStore::list(const api::AuditQuery& query) {
  return pool_->with([&](PgConnection& c) {
    PageQuery q;
    q.sql =
        "SELECT seq, time, token_name, role, client, method, path, status, request_id, job_id FROM audit WHERE TRUE";
    if (query.tokenName) q.filter("token_name =", *query.tokenName);
    if (query.since) q.filter("time >=", *query.since);
    if (query.beforeSeq) q.filter("seq <", number(*query.beforeSeq));
    q.page("seq", query.limit);
    api::AuditPage page;
    page.records = allRows(c.exec(q.sql, q.params), [](const PgRow& row) {
      return api::AuditRecord{row.integer(0), row.text(1), row.text(2), row.text(3),
                              row.text(4),    row.text(5), row.text(6), static_cast<int>(row.integer(7)),
                              row.text(8),    row.text(9)};
    });
    if (page.records.size() > static_cast<size_t>(query.limit)) {
      page.records.pop_back();
      page.nextBeforeSeq = page.records.back().seq;
    }
    return page;
  });
}

void PgWebhookStore::addSubscription(const api::WebhookSubscription& s) {
  pool_->with([&](PgConnection& c) {
    c.exec(std::string("INSERT INTO webhook_subscriptions(") + kSubscriptionColumns + ") VALUES ($1, $2, $3, $4, $5)",
           {s.id, s.url, json(s.events).dump(), s.sealedSecret, s.createdAt});
  });
}

std::optional<api::WebhookSubscription> PgWebhookStore::subscription(const std::string& id) {
  return pool_->with([&](PgConnection& c) -> std::optional<api::WebhookSubscription> {
    auto rows =
        c.exec(std::string("SELECT ") + kSubscriptionColumns + " FROM webhook_subscriptions WHERE id = $1", {id});
    if (rows.rows() == 0) return std::nullopt;
    return subscriptionFromRow(PgRow{rows, 0});
  });
}

std::vector<api::WebhookSubscription> PgWebhookStore::subscriptions() {
  return pool_->with([&](PgConnection& c) {
    return allRows(
        c.exec(std::string("SELECT ") + kSubscriptionColumns + " FROM webhook_subscriptions ORDER BY created_at, id"),
        [](const PgRow& row) { return subscriptionFromRow(row); });
  });
}

bool PgWebhookStore::removeSubscription(const std::string& id) {
  return pool_->with(
      [&](PgConnection& c) { return c.exec("DELETE FROM webhook_subscriptions WHERE id = $1", {id}).affected() == 1; });
}

std::vector<api::JobTransition> PgWebhookStore::transitions(int limit) {
  return pool_->with([&](PgConnection& c) {
    return allRows(c.exec("SELECT seq, job_id, status FROM job_transitions ORDER BY seq LIMIT $1", {number(limit)}),
                   [](const PgRow& row) {
                     return api::JobTransition{row.integer(0), row.text(1), row.text(2)};
                   });
  });
}

void PgWebhookStore::fanOut(int64_t throughSeq, const std::vector<api::WebhookDelivery>& deliveries) {
  pool_->transaction([&](PgConnection& c) {
    c.exec(std::string("SELECT pg_advisory_xact_lock(") + kFanOutLock + ")");
    std::set<int64_t> stillThere;
    auto taken = c.exec("DELETE FROM job_transitions WHERE seq <= $1 RETURNING seq", {number(throughSeq)});
    for (int i = 0; i < taken.rows(); ++i) stillThere.insert(taken.integer(i, 0));
    for (const auto& d : deliveries) {
      if (!stillThere.count(d.transitionSeq)) continue;  // another instance fanned it out
      // A subscription removed meanwhile takes its new deliveries with it.
      c.exec(
          "INSERT INTO webhook_deliveries(id, subscription_id, event, job_id, body, state, created_at, "
          "first_attempt_due_ms, next_attempt_ms) SELECT $1, $2, $3, $4, $5, 'pending', $6, $7, $8 "
          "WHERE EXISTS (SELECT 1 FROM webhook_subscriptions WHERE id = $2)",
          {d.id, d.subscriptionId, d.event, d.jobId, d.body, d.createdAt, number(d.firstAttemptDueMs),
           number(d.nextAttemptMs)});
    }
  });
}

std::vector<api::WebhookDelivery> PgWebhookStore::due(int64_t nowMs, int limit) {
  return pool_->with([&](PgConnection& c) {
    // Leased by moving the next attempt past the attempt's length: another
    // instance's dispatcher does not pick it up meanwhile. The row returned
    // keeps the time it was due.
    auto rows = c.exec(std::string("WITH picked AS (SELECT seq, next_attempt_ms AS was_due FROM webhook_deliveries "
                                   "WHERE state = 'pending' AND next_attempt_ms <= $1 "
                                   "ORDER BY next_attempt_ms, seq LIMIT $2 FOR UPDATE SKIP LOCKED) "
                                   "UPDATE webhook_deliveries d SET next_attempt_ms = $1 + $3 FROM picked "
                                   "WHERE d.seq = picked.seq RETURNING ") +
                           "d.seq, d.id, d.subscription_id, d.event, d.job_id, d.body, d.state, d.attempts, "
                           "d.created_at, d.first_attempt_due_ms, picked.was_due, d.last_attempt_at, "
                           "d.last_status, d.last_error",
                       {number(nowMs), number(limit), number(attemptLease_.count())});
    auto out = allRows(rows, [](const PgRow& row) { return deliveryFromRow(row); });
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return std::tie(a.nextAttemptMs, a.seq) < std::tie(b.nextAttemptMs, b.seq);
    });
    return out;
  });
}

std::optional<int64_t> PgWebhookStore::nextDueMs() {
  return pool_->with([&](PgConnection& c) -> std::optional<int64_t> {
    auto rows = c.exec("SELECT MIN(next_attempt_ms) FROM webhook_deliveries WHERE state = 'pending'");
    if (rows.isNull(0, 0)) return std::nullopt;
    return rows.integer(0, 0);
  });
}

void PgWebhookStore::recordAttempt(const api::WebhookDelivery& d) {
  pool_->with([&](PgConnection& c) {
    c.exec(
        "UPDATE webhook_deliveries SET state = $1, attempts = $2, next_attempt_ms = $3, last_attempt_at = $4, "
        "last_status = $5, last_error = $6 WHERE id = $7",
        {api::toString(d.state), std::to_string(d.attempts), number(d.nextAttemptMs), optional(d.lastAttemptAt),
         d.lastStatus ? PgParam(std::to_string(*d.lastStatus)) : PgParam(), d.lastError, d.id});
  });
}

int PgWebhookStore::pruneDeliveries(const std::string& before) {
  return pool_->with([&](PgConnection& c) {
    return c.exec("DELETE FROM webhook_deliveries WHERE state <> 'pending' AND created_at < $1", {before}).affected();
  });
}

std::vector<api::WebhookDelivery> PgWebhookStore::deliveries(const std::string& subscriptionId, int limit,
                                                             std::optional<int64_t> beforeSeq) {
  return pool_->with([&](PgConnection& c) {
    return allRows(c.exec(std::string("SELECT ") + kDeliveryColumns +
                              " FROM webhook_deliveries WHERE subscription_id = $1 AND seq < $2 "
                              "ORDER BY seq DESC LIMIT $3",
                          {subscriptionId, number(beforeSeq.value_or(INT64_MAX)), number(limit)}),
                   [](const PgRow& row) { return deliveryFromRow(row); });
  });
}

}  // namespace cf::storage
