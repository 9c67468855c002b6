#include "logs/hunt_runner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>

namespace shrike::logs_internal {
namespace {

void AddStats(HuntStats& total, const HuntStats& one) {
  total.files += one.files;
  total.records += one.records;
  total.parsed += one.parsed;
  total.findings += one.findings;
}

bool Stopped(const HuntOptions& options) { return options.stop != nullptr && options.stop->load(); }

// Calls the wrapped observer under the hunt's lock.
class LockedObserver : public EventObserver {
 public:
  LockedObserver(EventObserver& inner, std::recursive_mutex& mu) : inner_(inner), mu_(mu) {}
  void Observe(const Event& event, const std::string& path,
               const FindingCallback& on_finding) override {
    std::lock_guard<std::recursive_mutex> lock(mu_);
    inner_.Observe(event, path, on_finding);
  }

 private:
  EventObserver& inner_;
  std::recursive_mutex& mu_;
};

struct InputResult {
  HuntStats stats;
  bool failed = false;
  Diagnostics diags;
};

// One input, once; or followed: read again after each rotation or
// truncation (and waited for while missing) until the stop flag.
InputResult HuntInput(const std::string& file, const HuntOptions& options,
                      const Prefilter* prefilter, const InputHunter& hunt_one,
                      const FindingCallback& on_finding) {
  InputResult result;
  bool missing_warned = false, opened = false;
  while (true) {
    auto stats = hunt_one(file, options, prefilter, on_finding, result.diags);
    if (stats.ok()) {
      AddStats(result.stats, *stats);
      opened = true;
    } else if (!options.follow || !missing_warned) {
      result.diags.Warn(stats.error());
      missing_warned = true;
    }
    if (!options.follow || file == "-" || Stopped(options)) break;
    if (!stats.ok()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(options.follow_poll_ms));
    } else {
      missing_warned = false;  // rotated or truncated: read the new file from its start
    }
  }
  result.failed = !opened;
  return result;
}

}  // namespace

RunTotals RunInputs(const std::vector<std::string>& files, const HuntOptions& options,
                    const Prefilter* prefilter, const InputHunter& hunt_one,
                    const FindingCallback& on_finding, Diagnostics& diags) {
  RunTotals totals;
  totals.inputs = files.size();
  std::vector<InputResult> results(files.size());
  std::size_t threads =
      options.follow ? files.size()
                     : std::min<std::size_t>(static_cast<std::size_t>(std::max(options.threads, 1)),
                                             files.size());
  if (threads <= 1) {
    for (std::size_t i = 0; i < files.size(); ++i) {
      results[i] = HuntInput(files[i], options, prefilter, hunt_one, on_finding);
    }
  } else {
    std::recursive_mutex mu;  // serialises findings and the observer
    std::optional<LockedObserver> observer;
    HuntOptions shared = options;
    if (options.observer != nullptr) {
      observer.emplace(*options.observer, mu);
      shared.observer = &*observer;
    }
    FindingCallback locked = [&](const Finding& f) {
      std::lock_guard<std::recursive_mutex> lock(mu);  // held already inside Observe
      on_finding(f);
    };
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < threads; ++t) {
      pool.emplace_back([&] {
        std::optional<Prefilter> own;
        if (prefilter != nullptr) own.emplace(*prefilter);
        for (std::size_t i = next++; i < files.size(); i = next++) {
          results[i] = HuntInput(files[i], shared, own ? &*own : nullptr, hunt_one, locked);
        }
      });
    }
    for (std::thread& t : pool) t.join();
  }
  for (InputResult& r : results) {
    AddStats(totals.stats, r.stats);
    if (r.failed) ++totals.failed;
    for (const Error& e : r.diags.warnings()) diags.Warn(e);
  }
  return totals;
}

}  // namespace shrike::logs_internal
