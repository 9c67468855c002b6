// Sweep: the walker on the calling thread feeds a bounded queue; workers scan
// files and turn hits into findings.
#include "shrike/sweep.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <thread>

#include "files/open_file.h"
#include "files/scanner.h"
#include "files/walker.h"
#include "files/work_queue.h"

namespace shrike {
namespace {

using files::FileScanner;
using files::Hit;
using files::ScanResult;

constexpr std::size_t kQueueCapacity = 4096;
constexpr std::size_t kBatch = 64;
// More workers than this only adds contention (and thread creation may fail).
constexpr int kMaxThreads = 256;

std::string LocalHostName() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0) return "localhost";
  return name;
}

// "Palmerworm 2019-2020 sha256 indicator": who the indicator is about, and
// what kind it is.
std::string RuleName(const Indicator& ind) {
  const IndicatorContext& ctx = ind.ctx();
  std::string who = !ctx.campaign.empty()         ? ctx.campaign
                    : !ctx.actor.empty()          ? ctx.actor
                    : !ctx.malware_family.empty() ? ctx.malware_family
                                                  : ctx.source;
  std::string name = who.empty() ? "" : who + " ";
  return name.append(IndicatorTypeName(ind.type)).append(" indicator");
}

Finding MakeFinding(ScanResult& scan, const std::string& host) {
  std::stable_sort(scan.report.hits.begin(), scan.report.hits.end(),
                   [](const Hit& a, const Hit& b) { return a.score > b.score; });
  Finding f;
  f.timestamp = scan.info.mtime;
  f.dataset = "shrike.sweep";
  f.category = {"file"};
  f.host = host;
  const Hit& top = scan.report.hits.front();
  f.rule_name = !top.rule_name.empty() ? top.rule_name : RuleName(*top.indicator);
  if (!top.ruleset.empty()) f.rule_ruleset = top.ruleset;
  std::vector<int> scores;
  for (Hit& hit : scan.report.hits) {
    scores.push_back(hit.score);
    // Rule hits without an indicator (YARA) are named in the fields instead.
    if (hit.indicator != nullptr)
      f.enrichments.push_back({std::move(hit.atomic), std::move(hit.field), hit.indicator});
  }
  f.severity = CombineScores(std::move(scores));
  f.fields.emplace_back("file.path", scan.info.path);
  f.fields.emplace_back("file.name", scan.info.name);
  if (scan.info.mtime != kNoTime)
    f.fields.emplace_back("file.mtime", FormatIsoTime(scan.info.mtime));
  for (auto& field : scan.report.fields) f.fields.push_back(std::move(field));
  f.numeric_fields.emplace_back("file.size", static_cast<std::int64_t>(scan.info.size));
  return f;
}

Status CheckOptions(const SweepOptions& options) {
  if (options.roots.empty()) return Error(ErrorCode::kInvalidArgument, "no path to sweep");
  if (options.threads < 0) return Error(ErrorCode::kInvalidArgument, "--threads must be >= 0");
  for (const std::string& root : options.roots) {
    struct stat st {};
    if (stat(root.c_str(), &st) != 0)
      return Error(ErrorCode::kNotFound, std::strerror(errno), files::PathLocation(root));
  }
  return Ok();
}

// Shared state of one sweep; callbacks are serialised through mu.
class SweepRun {
 public:
  SweepRun(const IntelSet& intel, const SweepOptions& options, const FindingCallback& on_finding,
           const SweepWarningCallback& on_warning)
      : intel_(intel),
        options_(options),
        on_finding_(on_finding),
        on_warning_(on_warning),
        host_(options.host.empty() ? LocalHostName() : options.host),
        queue_(kQueueCapacity) {}

  SweepStats Run() {
    auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> workers;
    for (int i = 0; i < WorkerCount(); ++i) workers.emplace_back([this] { Work(); });
    std::vector<std::string> batch;
    files::Walk(options_, {.on_file = [&](std::string p) { Enqueue(batch, std::move(p)); },
                           .on_warning = [this](const Error& e) { Warn(e); },
                           .on_skip = [this] { ++skipped_; }});
    queue_.PushAll(batch);
    queue_.Close();
    for (std::thread& t : workers) t.join();
    std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    return {files_, bytes_, skipped_, findings_, errors_, elapsed.count()};
  }

 private:
  int WorkerCount() const {
    if (options_.threads > 0) return std::min(options_.threads, kMaxThreads);
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  }

  // The walker hands paths over in batches: one lock and one wake-up per
  // batch, not per file (the queue's futex traffic was ~3 calls a file).
  void Enqueue(std::vector<std::string>& batch, std::string path) {
    batch.push_back(std::move(path));
    if (batch.size() >= kBatch) queue_.PushAll(batch);
  }

  void Work() {
    FileScanner scanner(intel_, options_);
    while (std::optional<std::string> path = queue_.Pop()) {
      Result<ScanResult> scan = scanner.Scan(std::move(*path));
      if (!scan.ok()) {
        Warn(scan.error());
      } else if (scan->skipped) {
        ++skipped_;
      } else {
        for (const Error& w : scan->report.warnings) Warn(w);
        Count(*scan);
      }
    }
  }

  void Count(ScanResult& scan) {
    ++files_;
    bytes_ += scan.bytes;
    if (scan.report.hits.empty()) return;
    Finding finding = MakeFinding(scan, host_);
    ++findings_;
    std::lock_guard lock(mu_);
    if (on_finding_) on_finding_(finding);
  }

  void Warn(const Error& e) {
    ++errors_;
    std::lock_guard lock(mu_);
    if (on_warning_) on_warning_(e);
  }

  const IntelSet& intel_;
  const SweepOptions& options_;
  const FindingCallback& on_finding_;
  const SweepWarningCallback& on_warning_;
  std::string host_;
  files::WorkQueue<std::string> queue_;
  std::mutex mu_;
  std::atomic<std::uint64_t> files_{0}, bytes_{0}, skipped_{0}, findings_{0}, errors_{0};
};

}  // namespace

Result<SweepStats> Sweep(const IntelSet& intel, const SweepOptions& options,
                         const FindingCallback& on_finding,
                         const SweepWarningCallback& on_warning) {
  Status checked = CheckOptions(options);
  if (!checked.ok()) return checked.error();
  SweepRun run(intel, options, on_finding, on_warning);
  return run.Run();
}

}  // namespace shrike
