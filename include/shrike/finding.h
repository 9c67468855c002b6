// Finding: one schema for every source (file sweep, log hunt, later Sigma and
// YARA), written as NDJSON with Elastic Common Schema names (DESIGN.md).
//
// A Finding is built by a matcher and written by a sink; a sink never
// decides what matched. Fields outside the fixed ones go in `fields` under
// their ECS dotted names ("dns.question.name", "file.hash.sha256"); the
// writer nests them ({"dns":{"question":{"name":...}}}).
#pragma once

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shrike/indicator.h"

namespace shrike {

// What an indicator hit: the atomic value, the ECS field it was in, and the
// indicator (with its context) it matched.
struct Enrichment {
  std::string atomic;                    // threat.enrichments.matched.atomic
  std::string field;                     // threat.enrichments.matched.field, an ECS name
  const Indicator* indicator = nullptr;  // owned by the IntelSet; outlives the finding
};

struct Finding {
  UnixTime timestamp = kNoTime;         // @timestamp: event time, or file mtime
  std::string dataset;                  // event.dataset: shrike.hunt, shrike.sweep
  std::vector<std::string> category;    // event.category: network, file, process
  int severity = 0;                     // event.severity and the score, 0..100
  std::string host;                     // host.name
  std::string rule_ruleset = "ioc";     // rule.ruleset: ioc, sigma, yara
  std::string rule_name;                // rule.name
  std::string rule_id;                  // rule.id
  std::vector<Enrichment> enrichments;  // threat.enrichments
  std::string log_path;                 // log.file.path (hunt)
  std::uint64_t log_offset = 0;         // log.offset: byte offset of the record
  std::uint64_t log_line = 0;           // shrike.line: 1-based line of the record
  // Other ECS fields by dotted name, written as strings except where the
  // value is marked numeric.
  std::vector<std::pair<std::string, std::string>> fields;
  std::vector<std::pair<std::string, std::int64_t>> numeric_fields;
};

// The order in which a finding's dotted field names are written, as nested
// objects order their keys: '.' before every other byte, a prefix before its
// extensions. Names handed over in this order are written without sorting.
bool FindingNameLess(std::string_view a, std::string_view b);

// STIX cyber-observable type of an indicator type ("domain-name", "file").
std::string_view StixIndicatorType(const Indicator& indicator);

// THOR-style score combination: sub-scores sorted high to low, combined as
// 100 * (1 - prod(1 - s_i / 100 / 2^i)). Empty input gives 0.
int CombineScores(std::vector<int> scores);

// One compact JSON object, no trailing newline.
std::string FindingToJson(const Finding& finding);
// The same object appended to `out` (a buffer reused from finding to finding).
void AppendFindingJson(const Finding& finding, std::string& out);

// Writes findings as NDJSON, one per line. Thread-safe: several scanner
// threads may Write concurrently; each line is written whole.
class NdjsonSink {
 public:
  explicit NdjsonSink(std::FILE* out) : out_(out) {}
  void Write(const Finding& finding);
  std::uint64_t count() const { return count_; }

 private:
  std::FILE* out_;
  std::mutex mu_;
  std::uint64_t count_ = 0;
};

}  // namespace shrike
