// The JSON of GET /v1/jobs/{id} and its ETag, rendered once per change of the
// job instead of once per read: dashboards poll jobs far more often than jobs
// move. jobChanged (wired to the store's change notices) drops a job's entry;
// a render that began before any change reported since is not kept, so an
// answer is never older than the last commit reported. At most `capacity`
// entries; past it an arbitrary one is dropped. Safe from any thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

namespace cf::api {

struct JobView {
  std::string body;  // the job as JSON
  std::string etag;  // strong, of `body`
  bool terminal = false;
};

class JobViewCache {
 public:
  explicit JobViewCache(size_t capacity) : capacity_(capacity) {}

  // The job's view, from the cache or from `render` (nullopt: no such job).
  std::shared_ptr<const JobView> get(const std::string& id, const std::function<std::optional<JobView>()>& render);
  // Drops the job's entry; an empty id (changes may have been missed) drops all.
  void jobChanged(const std::string& id);

  size_t size() const;

 private:
  const size_t capacity_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const JobView>> views_;
  std::atomic<uint64_t> changes_{0};
};

}  // namespace cf::api
