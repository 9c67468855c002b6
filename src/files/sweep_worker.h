// One worker thread of a sweep: scans files, their archive members, and
// keeps the inventory (reuse and rows), handing each analysed file to the
// sweep through callbacks.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "files/archive.h"
#include "files/inventory.h"
#include "files/path_regex.h"
#include "files/scanner.h"
#include "shrike/sweep.h"

namespace shrike::files {

// What every worker of one sweep shares (built once, before any file is
// read): compiled path regexes, the inventory writer, counters.
struct SweepShared {
  std::string host;
  std::shared_ptr<const PathRegexSet> path_regexes;
  std::unique_ptr<InventoryWriter> inventory;  // null without --inventory
  std::atomic<std::uint64_t> reused{0}, members{0}, limits{0};
  std::atomic<std::uint64_t> bytes_read{0};  // as read, for progress

  // Compiles what the intel and options call for; fails when the inventory
  // cannot be opened for writing. Regex warnings go to `diags`.
  static Result<std::unique_ptr<SweepShared>> Build(const IntelSet& intel,
                                                    const SweepOptions& options, std::string host,
                                                    Diagnostics& diags);
};

struct WorkerCallbacks {
  // A file or archive member analysed (read, or reused); `bytes` read.
  std::function<void(const FileInfo&, FileReport&, std::uint64_t bytes)> on_file;
  std::function<void()> on_skip;
  std::function<void(const Error&)> on_warning;
};

class SweepWorker {
 public:
  SweepWorker(const IntelSet& intel, const SweepOptions& options, SweepShared& shared,
              WorkerCallbacks callbacks);
  ~SweepWorker();  // hands the last inventory rows over

  void Scan(std::string path);

 private:
  bool Reuse(const FileInfo& info, Pipeline& pipeline, FileReport& report);
  void ReuseMembers(const FileInfo& archive);
  void Done(const FileInfo& info, FileReport& report, std::uint64_t bytes, bool record);
  void Record(const FileInfo& info, const FileReport& report);

  const IntelSet& intel_;
  const SweepOptions& options_;
  SweepShared& shared_;
  WorkerCallbacks cb_;
  std::unique_ptr<InventoryReader> reader_;
  std::vector<InventoryRow> rows_;  // for the inventory writer, in batches
  std::unique_ptr<ArchiveScanner> archives_;
  std::unique_ptr<FileScanner> scanner_;
};

}  // namespace shrike::files
