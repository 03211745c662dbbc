// WebhookStore on SQLite, on its own connection to the service's database.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "api/webhook_store.h"

namespace SQLite {
class Database;
}

namespace cf::storage {

class SqliteWebhookStore : public api::WebhookStore {
 public:
  explicit SqliteWebhookStore(std::unique_ptr<SQLite::Database> db);
  ~SqliteWebhookStore() override;
  static std::unique_ptr<SqliteWebhookStore> open(const std::string& path);

  void addSubscription(const api::WebhookSubscription& subscription) override;
  std::optional<api::WebhookSubscription> subscription(const std::string& id) override;
  std::vector<api::WebhookSubscription> subscriptions() override;
  bool removeSubscription(const std::string& id) override;
  std::vector<api::JobTransition> transitions(int limit) override;
  void fanOut(int64_t throughSeq, const std::vector<api::WebhookDelivery>& deliveries) override;
  std::vector<api::WebhookDelivery> due(int64_t nowMs, int limit) override;
  std::optional<int64_t> nextDueMs() override;
  void recordAttempt(const api::WebhookDelivery& delivery) override;
  int pruneDeliveries(const std::string& before) override;
  std::vector<api::WebhookDelivery> deliveries(const std::string& subscriptionId, int limit,
                                               std::optional<int64_t> beforeSeq) override;

 private:
  std::mutex mutex_;
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace cf::storage
