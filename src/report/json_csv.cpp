// The JSON and CSV timelines.
#include <cmath>
#include <cstdio>

#include "core/json_writer.h"
#include "intel/csv.h"
#include "shrike/report.h"

namespace shrike {
namespace {

void Time(JsonWriter& w, std::string_view key, UnixTime t) {
  w.Key(key);
  if (t == kNoTime) {
    w.Null();
  } else {
    w.String(FormatIsoTime(t));
  }
}

double Days(std::int64_t seconds) { return std::round(seconds / 864.0) / 100.0; }

void WriteSighting(JsonWriter& w, const IndicatorSighting& s) {
  w.BeginObject().Field("kind", EvidenceKindName(s.kind)).Field("value", s.value);
  w.Field("field", s.field);
  if (!s.stix_type.empty()) w.Field("type", s.stix_type);
  if (!s.label.empty()) w.Field("label", s.label);
  if (!s.campaign.empty()) w.Field("campaign", s.campaign);
  if (!s.stix_id.empty()) w.Field("stix_id", s.stix_id);
  Time(w, "first_seen", s.first_seen);
  Time(w, "last_seen", s.last_seen);
  w.Field("count", static_cast<std::int64_t>(s.count)).EndObject();
}

void WriteTimeline(JsonWriter& w, const Timeline& t, bool host) {
  w.BeginObject().Field("name", t.name);
  if (host) w.Field("organization", t.organization);
  w.Field("sector", t.sector).Field("country", t.country);
  Time(w, "first_seen", t.first_seen);
  Time(w, "last_seen", t.last_seen);
  w.Field("dwell_seconds", t.dwell_seconds).Key("dwell_days").Double(Days(t.dwell_seconds), 12);
  w.Field("dwell", FormatDwell(t.dwell_seconds));
  w.Field("findings", static_cast<std::int64_t>(t.findings));
  w.Field("undated", static_cast<std::int64_t>(t.undated));
  if (!host) w.StringArray("hosts", t.hosts);
  w.Key("periods").BeginArray();
  for (const ActivityPeriod& p : t.periods) {
    w.BeginObject();
    Time(w, "start", p.start);
    Time(w, "end", p.end);
    w.Field("findings", static_cast<std::int64_t>(p.findings)).EndObject();
  }
  w.EndArray().Key("evidence").BeginObject();
  for (int k = 0; k < kEvidenceKindCount; ++k) {
    if (t.evidence[k] == 0) continue;
    w.Field(EvidenceKindName(static_cast<EvidenceKind>(k)),
            static_cast<std::int64_t>(t.evidence[k]));
  }
  w.EndObject().Key("indicators").BeginArray();
  for (const IndicatorSighting& s : t.indicators) WriteSighting(w, s);
  w.EndArray().EndObject();
}

void WriteAttribution(JsonWriter& w, const Attribution& a) {
  w.BeginObject().Field("campaign", a.campaign).Field("actor", a.actor);
  w.StringArray("aliases", a.aliases);
  Time(w, "window_first", a.window_first);
  Time(w, "window_last", a.window_last);
  w.StringArray("target_sectors", a.target_sectors);
  w.StringArray("target_countries", a.target_countries);
  w.Key("score").Double(a.score, 12).Key("factors").BeginArray();
  for (const AttributionFactor& f : a.factors) {
    w.BeginObject().Field("id", f.id).Field("title", f.title);
    w.Key("weight").Double(f.weight, 12).Key("strength").Double(f.strength, 12);
    w.Key("contribution").Double(f.contribution, 12).Field("explanation", f.explanation);
    w.StringArray("evidence", f.evidence).EndObject();
  }
  w.EndArray().EndObject();
}

std::string CsvTime(UnixTime t) { return t == kNoTime ? "" : FormatIsoTime(t); }

std::string Periods(const Timeline& t) {
  std::string out;
  for (const ActivityPeriod& p : t.periods) {
    if (!out.empty()) out += ';';
    out += CsvTime(p.start) + ".." + CsvTime(p.end);
  }
  return out;
}

void CsvRow(std::string& out, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += ',';
    intel_internal::AppendCsvField(out, cells[i]);
  }
  out += '\n';
}

void CsvTimeline(std::string& out, const Timeline& t, bool host) {
  char days[32];
  std::snprintf(days, sizeof(days), "%.2f", Days(t.dwell_seconds));
  std::vector<std::string> cells = {host ? "host" : "organization",
                                    host ? t.organization : t.name,
                                    host ? t.name : "",
                                    t.sector,
                                    t.country,
                                    CsvTime(t.first_seen),
                                    CsvTime(t.last_seen),
                                    std::to_string(t.dwell_seconds),
                                    days,
                                    std::to_string(t.findings),
                                    Periods(t)};
  for (std::uint64_t n : t.evidence) cells.push_back(std::to_string(n));
  CsvRow(out, cells);
}

}  // namespace

std::string ReportToJson(const Report& r) {
  JsonWriter w(true);
  w.BeginObject().Key("report").BeginObject();
  w.Field("findings", static_cast<std::int64_t>(r.findings));
  w.Field("skipped", static_cast<std::int64_t>(r.skipped));
  Time(w, "first_seen", r.first_seen);
  Time(w, "last_seen", r.last_seen);
  w.Field("gap_seconds", r.gap_seconds).StringArray("intel", r.intel).EndObject();
  w.Key("organizations").BeginArray();
  for (const Timeline& t : r.organizations) WriteTimeline(w, t, false);
  w.EndArray().Key("hosts").BeginArray();
  for (const Timeline& t : r.hosts) WriteTimeline(w, t, true);
  w.EndArray().Key("attribution").BeginArray();
  for (const Attribution& a : r.attributions) WriteAttribution(w, a);
  w.EndArray().EndObject();
  return w.Take() + "\n";
}

std::string ReportToCsv(const Report& r) {
  std::string out;
  std::vector<std::string> header = {"scope",      "organization", "host",      "sector",
                                     "country",    "first_seen",   "last_seen", "dwell_seconds",
                                     "dwell_days", "findings",     "periods"};
  for (int k = 0; k < kEvidenceKindCount; ++k) {
    header.emplace_back(EvidenceKindName(static_cast<EvidenceKind>(k)));
  }
  CsvRow(out, header);
  for (const Timeline& t : r.organizations) CsvTimeline(out, t, false);
  for (const Timeline& t : r.hosts) CsvTimeline(out, t, true);
  return out;
}

}  // namespace shrike
