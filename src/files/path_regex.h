// Filename/path regex indicators (signature-base `filename-iocs.txt` lines
// "regex;score[;false-positive-regex]", IndicatorType::kFilenameRegex)
// compiled into one Vectorscan database and matched against each path in a
// single scan, not tried one by one.
//
// Patterns are caseless (the lists are written for Windows paths). A
// pattern Vectorscan cannot compile (back-references, look-around, an empty
// match) is a warning naming the indicator's source and line, and is
// skipped; the others still load. An indicator whose false-positive regex
// also matches the path is not reported (Loki's rule).
#pragma once

#include <hs/hs.h>

#include <memory>
#include <string_view>
#include <vector>

#include "files/analyzer.h"
#include "shrike/intel_set.h"
#include "shrike/result.h"

namespace shrike::files {

// Immutable once compiled; shared by every thread (each with its own
// PathRegexMatcher).
class PathRegexSet {
 public:
  // Compiles the kFilenameRegex indicators of `intel` (which must outlive
  // the set). Never fails: unusable patterns go to `diags`.
  static std::shared_ptr<const PathRegexSet> Compile(const IntelSet& intel, Diagnostics& diags);

  bool empty() const { return database_ == nullptr; }
  std::size_t size() const { return patterns_.size(); }

 private:
  friend class PathRegexMatcher;
  struct DatabaseFree {
    void operator()(hs_database_t* db) const { hs_free_database(db); }
  };
  struct Pattern {
    const Indicator* indicator = nullptr;
    int false_positive = -1;  // id of the false-positive pattern, -1 none
  };

  std::vector<Pattern> patterns_;  // by Vectorscan id; false-positive ids follow
  std::unique_ptr<hs_database_t, DatabaseFree> database_;
};

// Per-thread scanner of one PathRegexSet (owns the Vectorscan scratch).
class PathRegexMatcher {
 public:
  explicit PathRegexMatcher(std::shared_ptr<const PathRegexSet> set);
  PathRegexMatcher(const PathRegexMatcher&) = delete;
  PathRegexMatcher& operator=(const PathRegexMatcher&) = delete;

  // Appends one hit (field file.path, score = the list's score capped at
  // 100) per indicator whose regex matches `path`.
  void Match(std::string_view path, std::vector<Hit>& hits);

 private:
  struct ScratchFree {
    void operator()(hs_scratch_t* s) const { hs_free_scratch(s); }
  };

  std::shared_ptr<const PathRegexSet> set_;
  std::unique_ptr<hs_scratch_t, ScratchFree> scratch_;
  std::vector<unsigned> matched_;  // ids of one scan
};

// The analyser form: matches each file's path (no content needed).
std::unique_ptr<FileAnalyzer> MakePathRegexAnalyzer(std::shared_ptr<const PathRegexSet> set);

}  // namespace shrike::files
