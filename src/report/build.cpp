#include "report/build.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/strings.h"

namespace shrike::report_internal {
namespace {

// Undated entries sort last.
UnixTime SortTime(UnixTime t) { return t == kNoTime ? INT64_MAX : t; }

bool TimelineBefore(const Timeline& a, const Timeline& b) {
  return std::tuple(SortTime(a.first_seen), a.name) < std::tuple(SortTime(b.first_seen), b.name);
}

bool SightingBefore(const IndicatorSighting& a, const IndicatorSighting& b) {
  return std::tuple(SortTime(a.first_seen), a.kind, a.value, a.field) <
         std::tuple(SortTime(b.first_seen), b.kind, b.value, b.field);
}

void Widen(UnixTime first, UnixTime last, UnixTime& to_first, UnixTime& to_last) {
  if (first != kNoTime && (to_first == kNoTime || first < to_first)) to_first = first;
  if (last != kNoTime && (to_last == kNoTime || last > to_last)) to_last = last;
}

std::int64_t Dwell(UnixTime first, UnixTime last) {
  return first == kNoTime || last == kNoTime ? 0 : last - first;
}

void CountEvidence(Timeline& t) {
  t.evidence.fill(0);
  for (const IndicatorSighting& s : t.indicators) ++t.evidence[static_cast<int>(s.kind)];
}

IndicatorSighting ToSighting(const EvidenceAcc& e, const Classified& c) {
  IndicatorSighting s;
  s.kind = c.kind;
  s.value = e.record.value;
  s.field = e.record.field;
  s.stix_type = e.record.stix_type;
  s.label = c.label;
  s.campaign = c.campaigns.empty() ? "" : c.campaigns.front();
  s.stix_id = e.record.stix_id;
  s.first_seen = e.first_seen;
  s.last_seen = e.last_seen;
  s.count = e.count;
  return s;
}

Timeline HostTimeline(HostAcc& h, const Assets& assets, const IntelIndex& index,
                      std::vector<LinkedSighting>& linked) {
  Timeline t;
  t.name = h.name;
  auto asset = assets.find(AsciiLower(h.name));
  if (asset != assets.end()) {
    t.organization = asset->second.organization;
    t.sector = asset->second.sector;
    t.country = asset->second.country;
  }
  t.first_seen = h.first_seen;
  t.last_seen = h.last_seen;
  t.dwell_seconds = Dwell(t.first_seen, t.last_seen);
  t.findings = h.findings;
  t.undated = h.undated;
  t.periods = h.periods.Periods();
  for (const auto& [key, e] : h.evidence) {
    Classified c = index.Classify(e);
    if (!c.keep) continue;
    t.indicators.push_back(ToSighting(e, c));
    linked.push_back({t.indicators.back(), std::move(c), t.organization, t.sector, t.country});
  }
  std::sort(t.indicators.begin(), t.indicators.end(), SightingBefore);
  CountEvidence(t);
  h.evidence.clear();  // the report holds them now
  return t;
}

void MergeSighting(
    std::map<std::tuple<EvidenceKind, std::string, std::string>, IndicatorSighting>& into,
    const IndicatorSighting& s) {
  auto [it, inserted] = into.try_emplace(std::tuple(s.kind, s.field, s.value), s);
  if (inserted) return;
  Widen(s.first_seen, s.last_seen, it->second.first_seen, it->second.last_seen);
  it->second.count += s.count;
}

Timeline OrganizationTimeline(const std::string& name, const std::vector<const Timeline*>& hosts,
                              std::int64_t gap) {
  Timeline t;
  t.name = name;
  PeriodSet periods(gap);
  std::map<std::tuple<EvidenceKind, std::string, std::string>, IndicatorSighting> sightings;
  for (const Timeline* h : hosts) {
    if (t.sector.empty()) t.sector = h->sector;
    if (t.country.empty()) t.country = h->country;
    Widen(h->first_seen, h->last_seen, t.first_seen, t.last_seen);
    t.findings += h->findings;
    t.undated += h->undated;
    for (const ActivityPeriod& p : h->periods) periods.AddPeriod(p);
    for (const IndicatorSighting& s : h->indicators) MergeSighting(sightings, s);
    t.hosts.push_back(h->name);
  }
  t.dwell_seconds = Dwell(t.first_seen, t.last_seen);
  t.periods = periods.Periods();
  for (auto& [key, s] : sightings) t.indicators.push_back(std::move(s));
  std::sort(t.indicators.begin(), t.indicators.end(), SightingBefore);
  CountEvidence(t);
  return t;
}

}  // namespace

Report BuildFromAggregate(Aggregator& aggregate, const Assets& assets, const IntelIndex& index,
                          std::int64_t gap_seconds) {
  Report report;
  report.gap_seconds = gap_seconds;
  report.findings = aggregate.findings();
  std::vector<LinkedSighting> linked;
  for (auto& [name, host] : aggregate.hosts()) {
    report.hosts.push_back(HostTimeline(host, assets, index, linked));
  }
  std::sort(report.hosts.begin(), report.hosts.end(), TimelineBefore);
  std::map<std::string, std::vector<const Timeline*>> by_org;
  for (const Timeline& h : report.hosts) {
    Widen(h.first_seen, h.last_seen, report.first_seen, report.last_seen);
    by_org[h.organization.empty() ? std::string(kUnassignedOrganization) : h.organization]
        .push_back(&h);
  }
  for (const auto& [name, hosts] : by_org) {
    report.organizations.push_back(OrganizationTimeline(name, hosts, gap_seconds));
  }
  std::sort(report.organizations.begin(), report.organizations.end(), TimelineBefore);
  report.attributions = Attribute(linked, index);
  return report;
}

}  // namespace shrike::report_internal
