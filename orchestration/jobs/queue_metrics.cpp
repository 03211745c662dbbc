#include "orchestration/jobs/queue_metrics.h"

namespace cf {

void declareQueueMetrics(Metrics& metrics, std::function<double()> oldestQueuedAgeSeconds) {
  metrics.declareHistogram(kQueueWaitMetric, "How long jobs waited for a worker (or for their cluster to be free).", {},
                           Metrics::durationBuckets());
  metrics.declareGauge(kOldestQueuedMetric, "How long the oldest queued job has waited; 0 with none queued.", {},
                       [read = std::move(oldestQueuedAgeSeconds)] {
                         return std::map<Metrics::Labels, double>{{{}, read()}};
                       });
}

}  // namespace cf
