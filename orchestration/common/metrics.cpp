#include "orchestration/common/metrics.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace cf {

namespace {

std::string escapeLabel(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", v);
  return text;
}

// {a="x",b="y"} with an extra pair (le) when given; "" with no labels at all.
std::string labelText(const Metrics::Labels& names, const Metrics::Labels& values, const std::string& extraName = "",
                      const std::string& extraValue = "") {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    out += (out.empty() ? "" : ",") + names[i] + "=\"" + escapeLabel(i < values.size() ? values[i] : "") + "\"";
  }
  if (!extraName.empty()) out += (out.empty() ? "" : ",") + extraName + "=\"" + extraValue + "\"";
  return out.empty() ? "" : "{" + out + "}";
}

}  // namespace

std::vector<double> Metrics::durationBuckets() {
  return {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600};
}

void Metrics::declare(const std::string& name, Family family) {
  std::lock_guard<std::mutex> lock(mutex_);
  families_.emplace(name, std::move(family));
}

void Metrics::declareCounter(const std::string& name, const std::string& help, Labels labelNames) {
  declare(name, Family{Type::Counter, help, std::move(labelNames), {}, {}, {}, nullptr});
}

void Metrics::declareHistogram(const std::string& name, const std::string& help, Labels labelNames,
                               std::vector<double> bucketBounds) {
  declare(name, Family{Type::Histogram, help, std::move(labelNames), std::move(bucketBounds), {}, {}, nullptr});
}

void Metrics::declareGauge(const std::string& name, const std::string& help, Labels labelNames,
                           std::function<std::map<Labels, double>()> read) {
  declare(name, Family{Type::Gauge, help, std::move(labelNames), {}, {}, {}, std::move(read)});
}

void Metrics::declareCounterReading(const std::string& name, const std::string& help, Labels labelNames,
                                    std::function<std::map<Labels, double>()> read) {
  declare(name, Family{Type::Counter, help, std::move(labelNames), {}, {}, {}, std::move(read)});
}

void Metrics::undeclare(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  families_.erase(name);
}

void Metrics::increment(const std::string& name, const Labels& labelValues, double by) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = families_.find(name);
  if (it == families_.end() || it->second.type != Type::Counter || it->second.read) {
    throw std::logic_error("no counter " + name);
  }
  it->second.counters[labelValues] += by;
}

void Metrics::observe(const std::string& name, const Labels& labelValues, double value) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = families_.find(name);
  if (it == families_.end() || it->second.type != Type::Histogram) throw std::logic_error("no histogram " + name);
  Histogram& h = it->second.histograms[labelValues];
  h.counts.resize(it->second.bounds.size());
  for (size_t i = 0; i < it->second.bounds.size(); ++i) {
    if (value <= it->second.bounds[i]) {
      ++h.counts[i];
      break;
    }
  }
  h.sum += value;
  ++h.count;
}

std::string Metrics::render() const {
  // Gauges are read outside the lock: their readers may take locks of their own.
  std::map<std::string, std::function<std::map<Labels, double>()>> readers;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [name, f] : families_) {
      if (f.read) readers[name] = f.read;
    }
  }
  std::map<std::string, std::map<Labels, double>> gauges;
  for (const auto& [name, read] : readers) gauges[name] = read();

  std::lock_guard<std::mutex> lock(mutex_);
  std::string out;
  for (const auto& [name, f] : families_) {
    const char* type = f.type == Type::Counter ? "counter" : f.type == Type::Histogram ? "histogram" : "gauge";
    out += "# HELP " + name + " " + f.help + "\n# TYPE " + name + " " + type + "\n";
    if (f.type == Type::Counter && !f.read) {
      for (const auto& [labels, value] : f.counters)
        out += name + labelText(f.labelNames, labels) + " " + number(value) + "\n";
    } else if (f.read) {
      for (const auto& [labels, value] : gauges[name])
        out += name + labelText(f.labelNames, labels) + " " + number(value) + "\n";
    } else {
      for (const auto& [labels, h] : f.histograms) {
        uint64_t cumulative = 0;
        for (size_t i = 0; i < f.bounds.size(); ++i) {
          cumulative += i < h.counts.size() ? h.counts[i] : 0;
          out += name + "_bucket" + labelText(f.labelNames, labels, "le", number(f.bounds[i])) + " " +
                 std::to_string(cumulative) + "\n";
        }
        out += name + "_bucket" + labelText(f.labelNames, labels, "le", "+Inf") + " " + std::to_string(h.count) + "\n";
        out += name + "_sum" + labelText(f.labelNames, labels) + " " + number(h.sum) + "\n";
        out += name + "_count" + labelText(f.labelNames, labels) + " " + std::to_string(h.count) + "\n";
      }
    }
  }
  return out;
}

}  // namespace cf
