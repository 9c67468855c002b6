// Sweep: the walker on the calling thread feeds a bounded queue; workers scan
// files and turn hits into findings.
#include "shrike/sweep.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

#include "files/file_finding.h"
#include "files/open_file.h"
#include "files/sweep_worker.h"
#include "files/walker.h"
#include "files/work_queue.h"

namespace shrike {
namespace {

using files::FileInfo;
using files::FileReport;

constexpr std::size_t kQueueCapacity = 4096;
constexpr std::size_t kBatch = 64;
// More workers than this only adds contention (and thread creation may fail).
constexpr int kMaxThreads = 256;

std::string LocalHostName() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0) return "localhost";
  return name;
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

  // Compiles what every worker shares; fails before anything is read.
  Status Prepare() {
    Diagnostics diags;
    auto shared = files::SweepShared::Build(intel_, options_, host_, diags);
    for (const Error& w : diags.warnings()) {
      std::lock_guard lock(mu_);
      if (on_warning_) on_warning_(w);
    }
    if (!shared.ok()) return shared.error();
    shared_ = std::move(*shared);
    return Ok();
  }

  Result<SweepStats> Run() {
    start_ = std::chrono::steady_clock::now();
    std::thread ticker;
    if (options_.on_progress) ticker = std::thread([this] { Tick(); });
    std::vector<std::thread> workers;
    for (int i = 0; i < WorkerCount(); ++i) workers.emplace_back([this] { Work(); });
    std::vector<std::string> batch;
    files::Walk(options_, {.on_file = [&](std::string p) { Enqueue(batch, std::move(p)); },
                           .on_warning = [this](const Error& e) { Warn(e); },
                           .on_skip = [this] { ++skipped_; }});
    queue_.PushAll(batch);
    queue_.Close();
    for (std::thread& t : workers) t.join();
    StopTicker(ticker);
    SweepStats stats = Snapshot();
    if (shared_->inventory) {
      Status written = shared_->inventory->Finish();
      if (!written.ok()) return written.error();
    }
    return stats;
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

  SweepStats Snapshot() const {
    std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start_;
    SweepStats s{files_, bytes_, skipped_, findings_, errors_, elapsed.count()};
    s.reused = shared_->reused;
    s.archive_members = shared_->members;
    s.archive_limits = shared_->limits;
    return s;
  }

  // Calls on_progress about 10 times a second until the sweep ends.
  void Tick() {
    std::unique_lock lock(tick_mu_);
    while (!tick_done_.wait_for(lock, std::chrono::milliseconds(100), [this] { return done_; })) {
      SweepStats s = Snapshot();
      s.bytes = shared_->bytes_read;  // large files show progress while read
      std::lock_guard callback_lock(mu_);
      options_.on_progress(s);
    }
  }

  void StopTicker(std::thread& ticker) {
    {
      std::lock_guard lock(tick_mu_);
      done_ = true;
    }
    tick_done_.notify_all();
    if (ticker.joinable()) ticker.join();
  }

  void Work() {
    files::SweepWorker worker(
        intel_, options_, *shared_,
        {.on_file = [this](const FileInfo& info, FileReport& report,
                           std::uint64_t bytes) { Count(info, report, bytes); },
         .on_skip = [this] { ++skipped_; },
         .on_warning = [this](const Error& e) { Warn(e); }});
    while (std::optional<std::string> path = queue_.Pop()) worker.Scan(std::move(*path));
  }

  void Count(const FileInfo& info, FileReport& report, std::uint64_t bytes) {
    ++files_;
    bytes_ += bytes;
    for (const Error& w : report.warnings) Warn(w);
    if (report.hits.empty()) return;
    Finding finding = files::MakeFileFinding(info, report, host_);
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
  std::unique_ptr<files::SweepShared> shared_;
  std::chrono::steady_clock::time_point start_;
  std::mutex mu_;
  std::mutex tick_mu_;
  std::condition_variable tick_done_;
  bool done_ = false;
  std::atomic<std::uint64_t> files_{0}, bytes_{0}, skipped_{0}, findings_{0}, errors_{0};
};

}  // namespace

Result<SweepStats> Sweep(const IntelSet& intel, const SweepOptions& options,
                         const FindingCallback& on_finding,
                         const SweepWarningCallback& on_warning) {
  Status checked = CheckOptions(options);
  if (!checked.ok()) return checked.error();
  SweepRun run(intel, options, on_finding, on_warning);
  SHRIKE_RETURN_IF_ERROR(run.Prepare());
  return run.Run();
}

}  // namespace shrike
