// Hunting logs for indicators: `shrike hunt LOG... --intel SOURCE...`.
//
// A hunt reads each input (a file, a folder recursively, "-" for standard
// input; gzip and other compressions transparently), detects its format from
// content, turns every record into an Event and matches the fields that hold
// domains, addresses, digests, URLs and file names against an IntelSet. The
// meaning of fields comes from data (packs/common/mappings/fields.tsv), not
// code; records of unknown shape are matched value by value by their look.
//
// Every record with at least one hit gives one Finding. Bad records (invalid
// JSON, a line over the limit, a timestamp that does not parse) are warnings
// naming the file and line or offset; the hunt goes on.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "shrike/event.h"
#include "shrike/finding.h"
#include "shrike/intel_set.h"
#include "shrike/result.h"

namespace shrike {

// What a field of a dialect means.
enum class FieldRole : std::uint8_t {
  kTimestamp,
  kHost,
  kDomain,
  kIp,
  kUrl,
  kHashes,    // Sysmon "SHA256=..,MD5=..,IMPHASH=.."
  kDigest,    // one hex digest; its type from its length
  kFilename,  // a path or a file name; the base name is matched
  kDetect,    // the presence of the field marks the dialect
  kStrip,     // a name prefix removed before lookup ("winlog.event_data.")
};

struct FieldRule {
  std::string dialect;
  std::string field;
  FieldRole role = FieldRole::kDomain;
  std::string ecs;  // ECS name the value is reported under
};

// The field tables of fields.tsv: per dialect, which fields hold what.
class FieldMap {
 public:
  // Parses "dialect<TAB>field<TAB>role[<TAB>ecs]" lines ('#' comments).
  static Result<FieldMap> Parse(std::string_view text, const std::string& file);
  // The built-in table (packs/common/mappings/fields.tsv, embedded).
  static const FieldMap& Builtin();

  // The dialect of a record from its field names, or empty.
  std::string_view DetectDialect(const Event& event) const;
  // The rule for a field of a dialect (after prefix stripping), or null.
  const FieldRule* Find(std::string_view dialect, std::string_view field) const;
  // The timestamp / host fields of a dialect, in priority order.
  std::vector<const FieldRule*> RulesWithRole(std::string_view dialect, FieldRole role) const;

 private:
  std::vector<FieldRule> rules_;
};

using FindingCallback = std::function<void(const Finding&)>;

// Sees every parsed event after indicator matching: behaviour rules (the
// Sigma engine) plug in here. Called from one thread at a time, in record
// order per input.
class EventObserver {
 public:
  virtual ~EventObserver() = default;
  virtual void Observe(const Event& event, const std::string& path,
                       const FindingCallback& on_finding) = 0;
  // End of all input: emit what is pending (correlation windows).
  virtual void Finish(const FindingCallback& on_finding) {}
};

struct HuntOptions {
  // Records (lines) longer than this are reported and skipped.
  std::size_t max_record_bytes = std::size_t{1} << 20;
  // Year of syslog timestamps, which have none ("Nov 26 06:21:37").
  int year = 0;                         // 0: the current year
  const FieldMap* field_map = nullptr;  // null: FieldMap::Builtin()
  // The fast path: lines whose raw bytes hold no token that could be an
  // indicator are not parsed (src/logs/prefilter.h). Findings are the same
  // either way; what differs is that records skipped unparsed give no parse
  // or timestamp warnings. Off: every record is parsed (full validation).
  bool prefilter = true;
  // When set, every record is parsed (the prefilter is off) and shown to it.
  // With threads it is called under a lock, one record at a time.
  EventObserver* observer = nullptr;
  // Inputs hunted in parallel, each by one reader and matcher on its own
  // thread. Findings reach on_finding one at a time, in record order per
  // input (inputs interleave); warnings come in input order at the end.
  int threads = 1;
  // Keep reading files as they grow, like `tail -F`: a file renamed away
  // and recreated, or truncated, is read again from its start; a missing
  // file is waited for. Every input is followed on its own thread until
  // *stop becomes true (from a SIGINT/SIGTERM handler), then the hunt
  // returns normally with everything found so far delivered.
  bool follow = false;
  const std::atomic<bool>* stop = nullptr;
  int follow_poll_ms = 200;  // how often a followed file is checked
};

struct HuntStats {
  std::uint64_t files = 0;
  std::uint64_t records = 0;  // non-empty lines / records, parsed or not
  std::uint64_t parsed = 0;   // records the prefilter passed (all when off)
  std::uint64_t findings = 0;
};

// Matches one event; returns the finding when anything hit.
bool MatchEvent(const Event& event, const IntelSet& intel, const FieldMap& map,
                const std::string& path, Finding& out);

// Hunts bytes already in memory (decompressed), named path in findings and
// warnings. The format is detected from the content.
HuntStats HuntBuffer(std::string_view data, const std::string& path, const IntelSet& intel,
                     const HuntOptions& options, const FindingCallback& on_finding,
                     Diagnostics& diags);

// Hunts files, folders (recursively, in sorted order) and "-" (stdin),
// streaming each with a bounded buffer. An input that cannot be opened is a
// warning; the error is only for no readable input at all.
Result<HuntStats> HuntPaths(const std::vector<std::string>& paths, const IntelSet& intel,
                            const HuntOptions& options, const FindingCallback& on_finding,
                            Diagnostics& diags);

}  // namespace shrike
