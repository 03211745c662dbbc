// The queue's two series, the same whichever scheduler runs the jobs (the
// Grafana dashboard queries them): how long each job waited to start, and
// the age of the oldest job still waiting.
#pragma once

#include <functional>

#include "orchestration/common/metrics.h"

namespace cf {

constexpr const char* kQueueWaitMetric = "clusterforge_job_queue_wait_seconds";
constexpr const char* kOldestQueuedMetric = "clusterforge_oldest_queued_job_age_seconds";

// `oldestQueuedAgeSeconds` is read at each scrape (0 with none queued); the
// caller undeclares kOldestQueuedMetric before what it reads goes away.
void declareQueueMetrics(Metrics& metrics, std::function<double()> oldestQueuedAgeSeconds);

}  // namespace cf
