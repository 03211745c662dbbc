#include "api/job_view_cache.h"

#include <mutex>

namespace cf::api {

std::shared_ptr<const JobView> JobViewCache::get(const std::string& id,
                                                 const std::function<std::optional<JobView>()>& render) {
  {
    std::shared_lock lock(mutex_);
    auto it = views_.find(id);
    if (it != views_.end()) return it->second;
  }
  uint64_t before = changes_.load();
  auto rendered = render();
  if (!rendered) return nullptr;
  auto view = std::make_shared<const JobView>(std::move(*rendered));
  if (capacity_ == 0) return view;
  std::unique_lock lock(mutex_);
  // A change reported while rendering may be one the render did not see.
  if (changes_.load() != before) return view;
  if (views_.size() >= capacity_) views_.erase(views_.begin());
  views_[id] = view;
  return view;
}

void JobViewCache::jobChanged(const std::string& id) {
  std::unique_lock lock(mutex_);
  changes_.fetch_add(1);
  if (id.empty()) views_.clear();
  else views_.erase(id);
}

size_t JobViewCache::size() const {
  std::shared_lock lock(mutex_);
  return views_.size();
}

}  // namespace cf::api
