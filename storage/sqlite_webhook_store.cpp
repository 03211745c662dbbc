#include "storage/sqlite_webhook_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include "storage/database.h"
#include "storage/sqlite_errors.h"

#include "storage/job_rows.h"
#include "storage/sqlite_row.h"

namespace cf::storage {

namespace {

api::WebhookSubscription subscriptionOf(SQLite::Statement& row) { return subscriptionFromRow(SqliteRow{row}); }
api::WebhookDelivery deliveryOf(SQLite::Statement& row) { return deliveryFromRow(SqliteRow{row}); }

template <typename Row, typename Read>
std::vector<Row> allRows(SQLite::Statement& statement, Read read) {
  std::vector<Row> rows;
  while (statement.executeStep()) rows.push_back(read(statement));
  return rows;
}

}  // namespace

SqliteWebhookStore::SqliteWebhookStore(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}
SqliteWebhookStore::~SqliteWebhookStore() = default;

std::unique_ptr<SqliteWebhookStore> SqliteWebhookStore::open(const std::string& path) {
  return std::make_unique<SqliteWebhookStore>(openDatabase(path));
}

void SqliteWebhookStore::addSubscription(const api::WebhookSubscription& subscription) {
  guarded([&] {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Statement s(
        *db_, std::string("INSERT INTO webhook_subscriptions(") + kSubscriptionColumns + ") VALUES (?, ?, ?, ?, ?)");
    s.bind(1, subscription.id);
    s.bind(2, subscription.url);
    s.bind(3, nlohmann::json(subscription.events).dump());
    s.bind(4, subscription.sealedSecret);
    s.bind(5, subscription.createdAt);
    s.exec();
  });
}

std::optional<api::WebhookSubscription> SqliteWebhookStore::subscription(const std::string& id) {
  return guarded([&]() -> std::optional<api::WebhookSubscription> {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Statement s(*db_,
                        std::string("SELECT ") + kSubscriptionColumns + " FROM webhook_subscriptions WHERE id = ?");
    s.bind(1, id);
    if (!s.executeStep()) return std::nullopt;
    return subscriptionOf(s);
  });
}

std::vector<api::WebhookSubscription> SqliteWebhookStore::subscriptions() {
  return guarded([&] {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Statement s(
        *db_, std::string("SELECT ") + kSubscriptionColumns + " FROM webhook_subscriptions ORDER BY created_at, id");
    return allRows<api::WebhookSubscription>(s, subscriptionOf);
  });
}

bool SqliteWebhookStore::removeSubscription(const std::string& id) {
  return guarded([&] {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Statement s(*db_, "DELETE FROM webhook_subscriptions WHERE id = ?");
    s.bind(1, id);
    return s.exec() == 1;
  });
}

std::vector<api::JobTransition> SqliteWebhookStore::transitions(int limit) {
  return guarded([&] {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Statement s(*db_, "SELECT seq, job_id, status FROM job_transitions ORDER BY seq LIMIT ?");
    s.bind(1, limit);
    return allRows<api::JobTransition>(s, [](SQLite::Statement& row) {
      return api::JobTransition{row.getColumn(0).getInt64(), row.getColumn(1).getString(),
                                row.getColumn(2).getString()};
    });
  });
}

void SqliteWebhookStore::fanOut(int64_t throughSeq, const std::vector<api::WebhookDelivery>& deliveries) {
  guarded([&] {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Transaction transaction(*db_);
    // A subscription removed meanwhile takes its new deliveries with it.
    SQLite::Statement insert(*db_,
                             "INSERT INTO webhook_deliveries(id, subscription_id, event, job_id, body, state, "
                             "created_at, first_attempt_due_ms, next_attempt_ms) SELECT ?, ?, ?, ?, ?, 'pending', ?, "
                             "?, ? WHERE EXISTS (SELECT 1 FROM webhook_subscriptions WHERE id = ?)");
    for (const auto& d : deliveries) {
      insert.reset();
      insert.bind(1, d.id);
      insert.bind(2, d.subscriptionId);
      insert.bind(3, d.event);
      insert.bind(4, d.jobId);
      insert.bind(5, d.body);
      insert.bind(6, d.createdAt);
      insert.bind(7, d.firstAttemptDueMs);
      insert.bind(8, d.nextAttemptMs);
      insert.bind(9, d.subscriptionId);
      insert.exec();
    }
    SQLite::Statement forget(*db_, "DELETE FROM job_transitions WHERE seq <= ?");
    forget.bind(1, throughSeq);
    forget.exec();
    transaction.commit();
  });
}

std::vector<api::WebhookDelivery> SqliteWebhookStore::due(int64_t nowMs, int limit) {
  return guarded([&] {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Statement s(*db_, std::string("SELECT ") + kDeliveryColumns +
                                  " FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_ms <= ? "
                                  "ORDER BY next_attempt_ms, seq LIMIT ?");
    s.bind(1, nowMs);
    s.bind(2, limit);
    return allRows<api::WebhookDelivery>(s, deliveryOf);
  });
}

std::optional<int64_t> SqliteWebhookStore::nextDueMs() {
  return guarded([&]() -> std::optional<int64_t> {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Statement s(*db_, "SELECT MIN(next_attempt_ms) FROM webhook_deliveries WHERE state = 'pending'");
    if (!s.executeStep() || s.getColumn(0).isNull()) return std::nullopt;
    return s.getColumn(0).getInt64();
  });
}

void SqliteWebhookStore::recordAttempt(const api::WebhookDelivery& d) {
  guarded([&] {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Statement s(*db_,
                        "UPDATE webhook_deliveries SET state = ?, attempts = ?, next_attempt_ms = ?, "
                        "last_attempt_at = ?, last_status = ?, last_error = ? WHERE id = ?");
    s.bind(1, api::toString(d.state));
    s.bind(2, d.attempts);
    s.bind(3, d.nextAttemptMs);
    if (d.lastAttemptAt) s.bind(4, *d.lastAttemptAt);
    else s.bind(4);
    if (d.lastStatus) s.bind(5, *d.lastStatus);
    else s.bind(5);
    s.bind(6, d.lastError);
    s.bind(7, d.id);
    s.exec();
  });
}

int SqliteWebhookStore::pruneDeliveries(const std::string& before) {
  return guarded([&] {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Statement s(*db_, "DELETE FROM webhook_deliveries WHERE state <> 'pending' AND created_at < ?");
    s.bind(1, before);
    return s.exec();
  });
}

std::vector<api::WebhookDelivery> SqliteWebhookStore::deliveries(const std::string& subscriptionId, int limit,
                                                                 std::optional<int64_t> beforeSeq) {
  return guarded([&] {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Statement s(*db_, std::string("SELECT ") + kDeliveryColumns +
                                  " FROM webhook_deliveries WHERE subscription_id = ? AND seq < ? "
                                  "ORDER BY seq DESC LIMIT ?");
    s.bind(1, subscriptionId);
    s.bind(2, static_cast<int64_t>(beforeSeq.value_or(INT64_MAX)));
    s.bind(3, limit);
    return allRows<api::WebhookDelivery>(s, deliveryOf);
  });
}

}  // namespace cf::storage
