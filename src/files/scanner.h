// Reads one file once and runs the analyser pipeline over its bytes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "files/analyzer.h"
#include "shrike/result.h"
#include "shrike/sweep.h"

namespace shrike::files {

struct ScanResult {
  bool skipped = false;  // not a regular file, or over max_size
  std::uint64_t bytes = 0;
  FileInfo info;
  FileReport report;
};

// One per worker thread: owns its pipeline and read buffer.
class FileScanner {
 public:
  FileScanner(const IntelSet& intel, const SweepOptions& options);
  ~FileScanner();
  FileScanner(const FileScanner&) = delete;
  FileScanner& operator=(const FileScanner&) = delete;

  // A per-file problem (cannot open, vanished, read error, changed while
  // read) is an Error naming the path; nothing is reported for the file then.
  Result<ScanResult> Scan(std::string path);

 private:
  Status ReadAll(int fd, ScanResult& result);

  const SweepOptions& options_;
  Pipeline pipeline_;
  bool needs_content_ = false;
  std::unique_ptr<std::uint8_t[]> buffer_;
};

}  // namespace shrike::files
