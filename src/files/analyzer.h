// The per-file analysis pipeline (after zeek's file analysis: every analyser
// sees the same buffers of one read pass, none re-reads the file).
//
// A worker owns one pipeline (a list of analysers) and runs it over each file:
//   Begin(file); Update(chunk)...; End(report)
// Analysers that need no content (file name matching) say so, and a file is
// not read when no analyser of the pipeline needs its content. New analysers
// (PE metadata via libyara's pe module, YARA rules, archive members) derive
// from FileAnalyzer and are added in MakeAnalyzers (analyzers.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "shrike/indicator.h"
#include "shrike/intel_set.h"

namespace shrike::files {

// What is known of a file before it is read (from fstat on the open file).
struct FileInfo {
  std::string path;
  std::string name;  // base name
  std::uint64_t size = 0;
  UnixTime mtime = kNoTime;
  std::int64_t mtime_ns = 0;  // full-precision mtime (inventory reuse)
  std::uint64_t inode = 0;    // 0 for archive members
};

// One indicator hit and its sub-score (combined THOR-style per file).
struct Hit {
  std::string atomic;  // the value that matched
  std::string field;   // ECS field: file.hash.sha256, file.name
  const Indicator* indicator = nullptr;
  int score = 0;  // 0..100
};

// What analysers learned about one file.
struct FileReport {
  std::vector<std::pair<std::string, std::string>> fields;  // file.hash.sha256 -> hex
  std::vector<Hit> hits;
};

class FileAnalyzer {
 public:
  virtual ~FileAnalyzer() = default;
  // Whether Update must be called with the file's bytes.
  virtual bool NeedsContent() const = 0;
  virtual void Begin(const FileInfo& file) = 0;
  virtual void Update(std::span<const std::uint8_t> bytes) = 0;
  // Called once the whole file was delivered; appends fields and hits.
  virtual void End(FileReport& report) = 0;
};

using Pipeline = std::vector<std::unique_ptr<FileAnalyzer>>;

// The analysers the loaded intel calls for (one pipeline per worker thread;
// analysers keep per-file state and are not shared). `intel` outlives it.
Pipeline MakeAnalyzers(const IntelSet& intel);
// The same, computing MD5, SHA-1 and SHA-256 whatever the intel holds when
// `all_digests` (what an inventory records).
Pipeline MakeAnalyzers(const IntelSet& intel, bool all_digests);

// Sub-score of a hit: `base` scaled by the indicator's confidence when known.
int ScoreHit(int base, const Indicator& indicator);

}  // namespace shrike::files
