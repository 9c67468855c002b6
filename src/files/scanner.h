// Reads one file once and runs the analyser pipeline over its bytes.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "files/analyzer.h"
#include "files/archive.h"
#include "files/path_regex.h"
#include "shrike/result.h"
#include "shrike/sweep.h"

namespace shrike::files {

struct ScanResult {
  bool skipped = false;       // not a regular file, or over max_size
  bool reused = false;        // known from the inventory, not read
  std::uint64_t members = 0;  // archive members swept
  std::uint64_t bytes = 0;
  FileInfo info;
  FileReport report;
};

// What a sweep adds to the plain pipeline (all optional).
struct ScannerSetup {
  bool all_digests = false;  // MD5, SHA-1, SHA-256 whatever the intel (inventory)
  std::shared_ptr<const PathRegexSet> path_regexes;
  // Called once a file is open and its size known, before it is read:
  // returns true when it filled the report from what is already known (the
  // inventory), and the file is then not read.
  std::function<bool(const FileInfo&, Pipeline&, FileReport&)> reuse;
  ArchiveScanner* archives = nullptr;  // sweeps the members of archives when set
  // Bytes read so far, added to as chunks are read (progress of large files).
  std::atomic<std::uint64_t>* bytes_read = nullptr;
};

// The pipeline a setup asks for (one per thread and archive depth).
Pipeline BuildPipeline(const IntelSet& intel, const ScannerSetup& setup);

// One per worker thread: owns its pipeline and read buffer.
class FileScanner {
 public:
  FileScanner(const IntelSet& intel, const SweepOptions& options);
  FileScanner(const IntelSet& intel, const SweepOptions& options, ScannerSetup setup);
  ~FileScanner();
  FileScanner(const FileScanner&) = delete;
  FileScanner& operator=(const FileScanner&) = delete;

  // A per-file problem (cannot open, vanished, read error, changed while
  // read) is an Error naming the path; nothing is reported for the file then.
  Result<ScanResult> Scan(std::string path);

 private:
  Status ReadAll(int fd, ScanResult& result);
  bool SniffArchive(int fd, ScanResult& result);

  const SweepOptions& options_;
  ScannerSetup setup_;
  bool archive_ = false;  // the file being read starts like an archive
  Pipeline pipeline_;
  bool needs_content_ = false;
  std::unique_ptr<std::uint8_t[]> buffer_;
};

}  // namespace shrike::files
