#include "report/aggregate.h"

#include <algorithm>
#include <limits>

namespace shrike::report_internal {
namespace {

std::string EvidenceKey(const FindingRecord& f, const EvidenceRecord& r) {
  std::string key = f.ruleset;
  for (const std::string* part : {&r.stix_type, &r.field, &r.value}) {
    key.push_back('\x1f');
    key += *part;
  }
  return key;
}

void Widen(UnixTime t, UnixTime& first, UnixTime& last) {
  if (t == kNoTime) return;
  if (first == kNoTime || t < first) first = t;
  if (last == kNoTime || t > last) last = t;
}

// a + b without overflow (timestamps may be anything a file says).
UnixTime SaturatingAdd(UnixTime a, std::int64_t b) {
  if (a > std::numeric_limits<std::int64_t>::max() - b)
    return std::numeric_limits<std::int64_t>::max();
  return a + b;
}

}  // namespace

void PeriodSet::Add(UnixTime t, std::uint64_t findings) { AddPeriod({t, t, findings}); }

void PeriodSet::AddPeriod(const ActivityPeriod& p) {
  auto it = spans_.upper_bound(p.start);
  if (it != spans_.begin()) {
    auto prev = std::prev(it);
    if (p.start <= SaturatingAdd(prev->second.end, gap_)) {
      prev->second.end = std::max(prev->second.end, p.end);
      prev->second.findings += p.findings;
      MergeWithNext(prev);
      return;
    }
  }
  auto [added, inserted] = spans_.emplace(p.start, Span{p.end, p.findings});
  (void)inserted;
  MergeWithNext(added);
  if (spans_.size() > kMaxPeriods) Coarsen();
}

void PeriodSet::MergeWithNext(std::map<UnixTime, Span>::iterator it) {
  while (true) {
    auto next = std::next(it);
    if (next == spans_.end() || next->first > SaturatingAdd(it->second.end, gap_)) return;
    it->second.end = std::max(it->second.end, next->second.end);
    it->second.findings += next->second.findings;
    spans_.erase(next);
  }
}

// Doubles the gap until at most half the cap is left: amortised O(1) per
// timestamp however hostile the input.
void PeriodSet::Coarsen() {
  capped_ = true;
  while (spans_.size() > kMaxPeriods / 2) {
    gap_ = gap_ <= 0 ? 1
                     : (gap_ > std::numeric_limits<std::int64_t>::max() / 2
                            ? std::numeric_limits<std::int64_t>::max()
                            : gap_ * 2);
    for (auto it = spans_.begin(); it != spans_.end(); ++it) MergeWithNext(it);
  }
}

std::vector<ActivityPeriod> PeriodSet::Periods() const {
  std::vector<ActivityPeriod> out;
  out.reserve(spans_.size());
  for (const auto& [start, span] : spans_) out.push_back({start, span.end, span.findings});
  return out;
}

HostAcc* Aggregator::Host(const std::string& name) {
  auto it = hosts_.find(name);
  if (it != hosts_.end()) return &it->second;
  if (hosts_.size() >= kMaxHosts) {
    if (!warned_hosts_) {
      diags_.Warn(Error(ErrorCode::kLimit, "more than " + std::to_string(kMaxHosts) +
                                               " hosts; findings of further hosts are dropped"));
    }
    warned_hosts_ = true;
    return nullptr;
  }
  HostAcc& host = hosts_.emplace(name, HostAcc(gap_)).first->second;
  host.name = name;
  return &host;
}

void Aggregator::Note(const std::string& name) {
  if (name.empty() || names_.size() >= 64) return;
  if (std::find(names_.begin(), names_.end(), name) == names_.end()) names_.push_back(name);
}

void Aggregator::AddEvidence(HostAcc& host, const FindingRecord& f, EvidenceRecord& r) {
  std::string key = EvidenceKey(f, r);
  auto it = host.evidence.find(key);
  if (it == host.evidence.end()) {
    if (host.evidence.size() >= kMaxEvidencePerHost) {
      if (!warned_evidence_) {
        diags_.Warn(Error(ErrorCode::kLimit, "host " + host.name + ": more than " +
                                                 std::to_string(kMaxEvidencePerHost) +
                                                 " distinct indicators; further ones are dropped"));
      }
      warned_evidence_ = true;
      return;
    }
    EvidenceAcc acc;
    acc.record = std::move(r);
    acc.group = f.group;
    acc.software = f.software;
    acc.software_type = f.software_type;
    acc.ruleset = f.ruleset;
    it = host.evidence.emplace(std::move(key), std::move(acc)).first;
  }
  EvidenceAcc& acc = it->second;
  Widen(f.timestamp, acc.first_seen, acc.last_seen);
  ++acc.count;
}

void Aggregator::Add(FindingRecord& f) {
  ++findings_;
  HostAcc* host = Host(f.host.empty() ? std::string(kUnknownHost) : f.host);
  if (host == nullptr) return;
  ++host->findings;
  if (f.timestamp == kNoTime) {
    ++host->undated;
  } else {
    Widen(f.timestamp, host->first_seen, host->last_seen);
    host->periods.Add(f.timestamp);
  }
  Note(f.group);
  for (EvidenceRecord& r : f.evidence) {
    Note(r.provider);
    AddEvidence(*host, f, r);
  }
}

}  // namespace shrike::report_internal
