// Streaming aggregation of findings: per host, the dated span, the activity
// periods and one entry per distinct evidence. Memory grows with hosts and
// distinct evidence, not with findings; both are capped (kMaxHosts,
// kMaxEvidencePerHost, kMaxPeriods) with a warning when a cap is reached.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "report/findings_reader.h"
#include "shrike/report.h"

namespace shrike::report_internal {

inline constexpr std::size_t kMaxHosts = 1'000'000;
inline constexpr std::size_t kMaxEvidencePerHost = 100'000;
inline constexpr std::size_t kMaxPeriods = 4096;

// Disjoint, sorted intervals of activity: timestamps closer than gap join.
// Past kMaxPeriods the gap doubles until half as many are left (capped()).
class PeriodSet {
 public:
  explicit PeriodSet(std::int64_t gap) : gap_(gap) {}
  void Add(UnixTime t, std::uint64_t findings = 1);
  void AddPeriod(const ActivityPeriod& p);
  std::vector<ActivityPeriod> Periods() const;
  bool capped() const { return capped_; }

 private:
  struct Span {
    UnixTime end;
    std::uint64_t findings;
  };
  void MergeWithNext(std::map<UnixTime, Span>::iterator it);
  void Coarsen();
  std::int64_t gap_;
  std::map<UnixTime, Span> spans_;  // start -> end, findings
  bool capped_ = false;
};

struct EvidenceAcc {
  EvidenceRecord record;
  std::string group, software, software_type, ruleset;
  UnixTime first_seen = kNoTime;
  UnixTime last_seen = kNoTime;
  std::uint64_t count = 0;
};

struct HostAcc {
  explicit HostAcc(std::int64_t gap) : periods(gap) {}
  std::string name;
  UnixTime first_seen = kNoTime;
  UnixTime last_seen = kNoTime;
  std::uint64_t findings = 0;
  std::uint64_t undated = 0;
  PeriodSet periods;
  std::unordered_map<std::string, EvidenceAcc> evidence;  // by EvidenceKey
};

class Aggregator {
 public:
  Aggregator(std::int64_t gap, Diagnostics& diags) : gap_(gap), diags_(diags) {}
  void Add(FindingRecord& finding);
  std::map<std::string, HostAcc>& hosts() { return hosts_; }
  std::uint64_t findings() const { return findings_; }
  // Provider and group names seen (to pick intel packs), distinct.
  const std::vector<std::string>& names() const { return names_; }

 private:
  HostAcc* Host(const std::string& name);
  void AddEvidence(HostAcc& host, const FindingRecord& f, EvidenceRecord& r);
  void Note(const std::string& name);

  std::int64_t gap_;
  Diagnostics& diags_;
  std::map<std::string, HostAcc> hosts_;
  std::vector<std::string> names_;
  std::uint64_t findings_ = 0;
  bool warned_hosts_ = false;
  bool warned_evidence_ = false;
};

inline constexpr std::string_view kUnknownHost = "(unknown host)";

}  // namespace shrike::report_internal
