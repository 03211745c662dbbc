// A small Prometheus registry: counters and histograms with labels, gauges
// read when scraped, all rendered in the text exposition format (0.0.4).
//
// A family is declared once, with its help text and label names, by the
// part of the service that owns it (declaring it again is a no-op); samples
// are addressed by their label values, in the declared order. Safe to use
// from any thread. Label values are escaped as the format requires, so any
// text (a job kind, a route pattern) can be one.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace cf {

class Metrics {
 public:
  using Labels = std::vector<std::string>;

  void declareCounter(const std::string& name, const std::string& help, Labels labelNames);
  void declareHistogram(const std::string& name, const std::string& help, Labels labelNames,
                        std::vector<double> bucketBounds);
  // A gauge whose samples `read` gives when scraped (label values -> value).
  void declareGauge(const std::string& name, const std::string& help, Labels labelNames,
                    std::function<std::map<Labels, double>()> read);

  // A counter whose value `read` gives when scraped (a total the OS keeps).
  void declareCounterReading(const std::string& name, const std::string& help, Labels labelNames,
                             std::function<std::map<Labels, double>()> read);
  // Forgets a family, for an owner going away before the registry.
  void undeclare(const std::string& name);

  void increment(const std::string& name, const Labels& labelValues, double by = 1);
  void observe(const std::string& name, const Labels& labelValues, double value);

  std::string render() const;

  // Seconds, for latencies from a millisecond to an hour: what HTTP requests,
  // steps and jobs take.
  static std::vector<double> durationBuckets();

 private:
  enum class Type { Counter, Histogram, Gauge };
  struct Histogram {
    std::vector<uint64_t> counts;  // per bucket, not cumulative
    double sum = 0;
    uint64_t count = 0;
  };
  struct Family {
    Type type;
    std::string help;
    Labels labelNames;
    std::vector<double> bounds;
    std::map<Labels, double> counters;
    std::map<Labels, Histogram> histograms;
    std::function<std::map<Labels, double>()> read;
  };

  void declare(const std::string& name, Family family);

  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;
};

}  // namespace cf
