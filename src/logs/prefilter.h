// The hunt's fast path: decide from the raw bytes of a line whether it can
// hold any indicator, so that only candidate lines are parsed and matched.
//
// Two strategies, picked by the constructor (measured in bench/RESULTS.md,
// "Hunt"):
//
// Literal scan (at most kMaxLiterals indicators, all domains, IPv4 addresses
// or digests): a Vectorscan literal database of every indicator value,
// caseless, HS_FLAG_SINGLEMATCH, scanned over each line; the first match
// ends the scan. Every value a match can hit contains its indicator's text
// (a subdomain ends with it; addresses and digests are equal up to case), so
// a line without any literal cannot match. Compiling is fast for a few
// thousand literals (0.02 s for 1,000) and slow past that (12 s for
// 100,000; the issue measured 42 s and 2.4 GiB for 1,000,000). IPv6 and
// CIDR indicators have many textual forms, so they select token lookup;
// so does a punycode domain (its Unicode spelling is another text), and
// lines with non-ASCII bytes are always candidates in this mode.
//
// Token lookup (any count and type mix above): the line is split into runs of the matcher's token
// characters (ValueMatcher::Text's set) and each run, as the matcher would
// trim and split it, is looked up in the IntelSet's own hash sets: the domain
// suffix walk, exact and CIDR addresses, digests by length. Every value a
// field-aware match can hit is such a run of the raw line (JSON, TSV and CSV
// delimiters are not token characters), so the prefilter over-approximates:
// it may pass a line the matcher then rejects ("notmicrosoftmse.com" passes
// the token test only if the suffix walk hits, which it does not; the final
// decision is always the matcher's), and never drops one the matcher reports.
//
// Token lookup builds in no time whatever the indicator count (it reuses the
// IntelSet), handles CIDR ranges, and its per-byte cost does not grow with
// the count.
//
// Escapes a parser decodes ("\u0065" in JSON, "\x2e" in Zeek TSV) could hide
// a value from the raw bytes: a line holding "\u" or "\x" is always a
// candidate. The prefilter is active only when every loaded indicator type is
// one it understands (domains, addresses, CIDR, md5/sha1/sha256/sha512,
// imphash); other types (urls, filenames, ...) turn it off.
#pragma once

#include <hs/hs.h>

#include <cstddef>
#include <memory>
#include <string_view>

#include "shrike/intel_set.h"

namespace shrike::logs_internal {

// Above this many indicators the literal database takes seconds to compile
// and scans no faster than token lookup (bench/RESULTS.md, "Hunt").
inline constexpr std::size_t kMaxLiterals = 10000;

// Not thread-safe (the Vectorscan scratch is per object): one per thread. A
// copy shares the compiled database and has its own scratch.
class Prefilter {
 public:
  explicit Prefilter(const IntelSet& intel);
  Prefilter(const Prefilter& other);
  Prefilter& operator=(const Prefilter&) = delete;

  // False when the loaded types make it unsafe; then every line is a candidate.
  bool active() const { return active_; }
  // Whether the literal scan (not token lookup) is in use.
  bool literal() const { return database_ != nullptr; }
  // Whether the line may contain an indicator (always true when inactive).
  bool Candidate(std::string_view line) const;

 private:
  struct DatabaseFree {
    void operator()(hs_database_t* db) const { hs_free_database(db); }
  };
  struct ScratchFree {
    void operator()(hs_scratch_t* s) const { hs_free_scratch(s); }
  };

  bool CompileLiterals();
  bool LiteralCandidate(std::string_view line) const;
  bool TokenCandidate(std::string_view line) const;
  bool Hit(std::string_view token) const;
  bool HitTrimmed(std::string_view token) const;

  std::shared_ptr<const hs_database_t> database_;
  std::unique_ptr<hs_scratch_t, ScratchFree> scratch_;

  const IntelSet& intel_;
  bool active_ = false;
  bool digests_ = false;
  bool imphash_ = false;
  bool domains_ = false;
  bool addresses_ = false;
};

}  // namespace shrike::logs_internal
