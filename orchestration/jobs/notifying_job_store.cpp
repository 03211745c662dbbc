#include "orchestration/jobs/notifying_job_store.h"

namespace cf {

void NotifyingJobStore::changed(const std::string& id) const {
  for (const auto& listener : listeners_) listener(id);
}

void NotifyingJobStore::insertWith(Job& job, const std::vector<JobEvent>& events, const Alongside& alongside) {
  inner_.insertWith(job, events, alongside);
  changed(job.id);
}

void NotifyingJobStore::update(const Job& job, const std::vector<JobEvent>& events) {
  inner_.update(job, events);
  changed(job.id);
}

std::optional<Job> NotifyingJobStore::requestCancel(const std::string& id) {
  auto job = inner_.requestCancel(id);
  if (job) changed(id);
  return job;
}

}  // namespace cf
