// The per-file analysis pipeline (after zeek's file analysis: every analyser
// sees the same buffers of one read pass, none re-reads the file).
//
// A worker owns one pipeline (a list of analysers) and runs it over each file:
//   Begin(file); Update(chunk)...; End(report)
// Analysers that need no content (file name matching) say so, and a file is
// not read when no analyser of the pipeline needs its content. New analysers
// derive from FileAnalyzer and are added in MakeAnalyzers (analyzers.cpp);
// PE metadata and YARA rules are AppendContentAnalyzers
// (content_analyzer.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "shrike/indicator.h"
#include "shrike/intel_set.h"
#include "shrike/result.h"
#include "shrike/sweep.h"

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
  Hit() = default;
  Hit(std::string atomic_value, std::string field_name, const Indicator* ind, int sub_score)
      : atomic(std::move(atomic_value)),
        field(std::move(field_name)),
        indicator(ind),
        score(sub_score) {}

  std::string atomic;                    // the value that matched
  std::string field;                     // ECS field: file.hash.sha256, file.name
  const Indicator* indicator = nullptr;  // may be null for a rule hit (YARA)
  int score = 0;                         // 0..100
  // Rule hits name their rule (a YARA rule, "Renamed dual-use tool PsExec");
  // empty: the finding is named after the indicator.
  std::string rule_name;
  std::string ruleset;  // "yara"; empty: "ioc"
};

// What analysers learned about one file.
struct FileReport {
  std::vector<std::pair<std::string, std::string>> fields;  // file.hash.sha256 -> hex
  std::vector<Hit> hits;
  // Per-file problems an analyser met but went on past (a YARA timeout);
  // the sweep passes them to its warning callback.
  std::vector<Error> warnings;
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

// Appends the analysers of file content beyond digests: PE metadata (MZ
// files) and YARA rules (options.yara), when options enable them.
void AppendContentAnalyzers(Pipeline& pipeline, const IntelSet& intel, const SweepOptions& options);

// Sub-score of a hit: `base` scaled by the indicator's confidence when known.
int ScoreHit(int base, const Indicator& indicator);

}  // namespace shrike::files
