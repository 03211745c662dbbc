// How close the scheduler comes to the ideal makespan: CLUSTERS jobs, one per
// cluster, each of 3 steps that take DELAY ms (as the simulated lab's changes
// do), on WORKERS workers, committed to a real SQLite store. The ideal is
// ceil(CLUSTERS / WORKERS) rounds of 3 steps. Then the same with a busy
// cluster whose 20 jobs were queued first: the other clusters' jobs should
// not start later for it.
//
//   clusterforge_bench_scheduler [CLUSTERS WORKERS DELAY_MS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

#include <spdlog/sinks/null_sink.h>

#include "orchestration/backends/simulated/simulated_backend.h"
#include "orchestration/jobs/scheduler.h"
#include "storage/sqlite_job_store.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_lab.h"

namespace {

using Clock = std::chrono::steady_clock;

class SleepStep : public cf::Step {
 public:
  SleepStep(int index, std::chrono::milliseconds delay) : index_(index), delay_(delay) {}
  std::string name() const override { return "step" + std::to_string(index_); }
  void run(cf::StepContext& ctx) override { ctx.op().sleepFor(delay_); }

 private:
  int index_;
  std::chrono::milliseconds delay_;
};

// Seconds until every job not on the busy cluster has finished.
double makespan(int clusters, int workers, std::chrono::milliseconds delay, int busyQueue) {
  cf::test::TempDir dir;
  auto store = cf::storage::SqliteJobStore::open(dir.file("jobs.db"));
  cf::sim::SimulatedBackend backend(cf::test::referenceLab(), "", std::chrono::milliseconds(0));
  auto log = std::make_shared<spdlog::logger>("bench", std::make_shared<spdlog::sinks::null_sink_mt>());
  cf::WorkflowCatalog catalog;
  catalog.add({"bench.sleep", 1, 1, {}, [delay](const nlohmann::json&) {
                 cf::StepList steps;
                 for (int i = 0; i < 3; ++i) steps.push_back(std::make_unique<SleepStep>(i, delay));
                 return steps;
               }});
  cf::JobRunner runner(*store, backend, catalog, cf::RetryPolicy{}, log);
  cf::Scheduler scheduler(*store, runner, static_cast<size_t>(workers), log);
  std::vector<cf::Job> busy, others;
  auto add = [&](std::vector<cf::Job>& into, const std::string& id, const std::string& cluster) {
    cf::Job job = cf::newJob(id, "bench.sleep", cluster, {}, {"step0", "step1", "step2"}, "t0");
    store->insert(job, {});
    into.push_back(job);
  };
  for (int i = 0; i < busyQueue; ++i) add(busy, "busy-" + std::to_string(i), "BUSY");
  for (int i = 0; i < clusters; ++i) add(others, "job-" + std::to_string(i), "C" + std::to_string(i));
  auto started = Clock::now();
  scheduler.start();
  for (const auto& job : busy) scheduler.enqueue(job);
  for (const auto& job : others) scheduler.enqueue(job);
  for (size_t done = 0; done < others.size();) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    while (done < others.size() && cf::isTerminal(store->find(others[done].id)->status)) ++done;
  }
  double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  scheduler.stop(std::chrono::seconds(30));
  return seconds;
}

}  // namespace

int main(int argc, char** argv) {
  int clusters = argc > 1 ? std::atoi(argv[1]) : 500;
  int workers = argc > 2 ? std::atoi(argv[2]) : 64;
  auto delay = std::chrono::milliseconds(argc > 3 ? std::atoi(argv[3]) : 200);
  auto ideal = [&](int usableWorkers) {
    return ((clusters + usableWorkers - 1) / usableWorkers) * 3 * static_cast<double>(delay.count()) / 1000.0;
  };
  double plain = makespan(clusters, workers, delay, 0);
  std::printf("%d clusters x 3 steps of %lld ms, %d workers: %.2f s, ideal %.2f s\n", clusters,
              static_cast<long long>(delay.count()), workers, plain, ideal(workers));
  // The busy cluster holds one worker at a time; the others have the rest.
  double behindBusy = makespan(clusters, workers, delay, 20);
  std::printf("the same behind 20 jobs queued first on one cluster: %.2f s, ideal %.2f s\n", behindBusy,
              ideal(workers - 1));
  std::printf("ratio %.3f (plain), %.3f (behind a busy cluster)\n", plain / ideal(workers),
              behindBusy / ideal(workers - 1));
  return 0;
}
