// The HTML report: one self-contained page (inline CSS, JS and SVG; no URL
// is fetched). Every text from findings and assets goes through Html(), so
// markup in a host name or path is shown as text, never run.
#include <cstdio>
#include <unordered_map>

#include "report/html_assets.h"
#include "report/html_util.h"

namespace shrike::report_internal {

std::string Html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if ((u < 0x20 && c != '\t' && c != '\n') || u == 0x7f) {
          out += "\xEF\xBF\xBD";
        } else {
          out.push_back(c);
        }
    }
  }
  return out;
}

std::string HtmlDay(UnixTime t) { return t == kNoTime ? "-" : FormatIsoTime(t).substr(0, 10); }

}  // namespace shrike::report_internal

namespace shrike {
namespace {

using report_internal::Html;
using report_internal::HtmlDay;

// Rows of the evidence tables (per host) past this are summarised.
constexpr std::size_t kMaxEvidenceRows = 20000;

std::string Td(std::string_view text) { return "<td>" + Html(text) + "</td>"; }
std::string TdNum(std::int64_t n) {
  return "<td class=\"num\" data-sort=\"" + std::to_string(n) + "\">" + std::to_string(n) + "</td>";
}
std::string TdDay(UnixTime t) {
  std::string sort = t == kNoTime ? "" : FormatIsoTime(t);
  return "<td data-sort=\"" + sort + "\">" + HtmlDay(t) + "</td>";
}
std::string TdDwell(std::int64_t seconds) {
  return "<td class=\"num dwell\" data-sort=\"" + std::to_string(seconds) + "\">" +
         Html(FormatDwell(seconds)) + "</td>";
}
std::string Fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.*f", decimals, v);
  return buf;
}

std::string Head(const std::vector<std::pair<const char*, bool>>& cols) {
  std::string out = "<thead><tr>";
  for (const auto& [name, num] : cols) {
    out += num ? "<th class=\"num\">" : "<th>";
    out += std::string(name) + "</th>";
  }
  return out + "</tr></thead>";
}

std::string EvidenceSummary(const Timeline& t) {
  std::string out;
  for (int k = 0; k < kEvidenceKindCount; ++k) {
    if (t.evidence[k] == 0) continue;
    if (!out.empty()) out += ", ";
    out += std::to_string(t.evidence[k]) + " " +
           std::string(EvidenceKindTitle(static_cast<EvidenceKind>(k)));
  }
  return out;
}

std::string OrganizationTable(const Report& r) {
  std::string out = "<table id=\"organizations\" class=\"sortable\">" +
                    Head({{"Organisation", false},
                          {"Sector", false},
                          {"Country", false},
                          {"First seen", false},
                          {"Last seen", false},
                          {"Dwell", true},
                          {"Periods", true},
                          {"Hosts", true},
                          {"Findings", true},
                          {"Evidence", false}}) +
                    "<tbody>";
  for (const Timeline& t : r.organizations) {
    out += "<tr class=\"organization\">" + Td(t.name) + Td(t.sector) + Td(t.country) +
           TdDay(t.first_seen) + TdDay(t.last_seen) + TdDwell(t.dwell_seconds) +
           TdNum(static_cast<std::int64_t>(t.periods.size())) +
           TdNum(static_cast<std::int64_t>(t.hosts.size())) +
           TdNum(static_cast<std::int64_t>(t.findings)) + Td(EvidenceSummary(t)) + "</tr>";
  }
  return out + "</tbody></table>";
}

std::string HostTable(const Report& r) {
  std::string out = "<table id=\"hosts\" class=\"sortable\">" +
                    Head({{"Host", false},
                          {"Organisation", false},
                          {"First seen", false},
                          {"Last seen", false},
                          {"Dwell", true},
                          {"Periods", true},
                          {"Indicators", true},
                          {"Findings", true},
                          {"Evidence", false}}) +
                    "<tbody>";
  for (const Timeline& t : r.hosts) {
    std::string org =
        t.organization.empty() ? std::string(kUnassignedOrganization) : t.organization;
    out += "<tr class=\"host\">" + Td(t.name) + Td(org) + TdDay(t.first_seen) + TdDay(t.last_seen) +
           TdDwell(t.dwell_seconds) + TdNum(static_cast<std::int64_t>(t.periods.size())) +
           TdNum(static_cast<std::int64_t>(t.indicators.size())) +
           TdNum(static_cast<std::int64_t>(t.findings)) + Td(EvidenceSummary(t)) + "</tr>";
  }
  return out + "</tbody></table>";
}

std::string KindSelect() {
  std::string out = "<select aria-label=\"Evidence kind\"><option value=\"\">every kind</option>";
  for (int k = 0; k < kEvidenceKindCount; ++k) {
    auto kind = static_cast<EvidenceKind>(k);
    out += "<option value=\"" + std::string(EvidenceKindName(kind)) + "\">" +
           std::string(EvidenceKindTitle(kind)) + "</option>";
  }
  return out + "</select>";
}

// The head of a table of SightingRow rows (with or without the host columns).
std::string SightingHead(bool with_host) {
  std::vector<std::pair<const char*, bool>> cols;
  if (with_host) cols = {{"Host", false}, {"Organisation", false}};
  for (const char* name :
       {"Kind", "Value", "Field", "Family / tool / rule", "Campaign", "First seen", "Last seen"}) {
    cols.emplace_back(name, false);
  }
  cols.emplace_back("Count", true);
  return Head(cols);
}

std::string SightingRow(const IndicatorSighting& s, const Timeline* host) {
  std::string out = "<tr data-kind=\"" + std::string(EvidenceKindName(s.kind)) + "\">";
  if (host != nullptr) {
    out += Td(host->name) +
           Td(host->organization.empty() ? kUnassignedOrganization : host->organization);
  }
  out += Td(EvidenceKindTitle(s.kind)) + "<td><code>" + Html(s.value) + "</code></td>" +
         Td(s.field) + Td(s.label) + Td(s.campaign) + TdDay(s.first_seen) + TdDay(s.last_seen) +
         TdNum(static_cast<std::int64_t>(s.count)) + "</tr>";
  return out;
}

std::string EvidenceTable(const Report& r) {
  std::string out =
      "<div class=\"filter\" data-table=\"evidence\"><input type=\"search\" "
      "placeholder=\"Filter evidence (host, value, family...)\" aria-label=\"Filter\">" +
      KindSelect() + "<span class=\"count\"></span></div>";
  out += "<table id=\"evidence\" class=\"sortable\">" + SightingHead(true) + "<tbody>";
  std::size_t rows = 0;
  for (const Timeline& h : r.hosts) {
    for (const IndicatorSighting& s : h.indicators) {
      if (rows++ >= kMaxEvidenceRows) break;
      out += SightingRow(s, &h);
    }
  }
  out += "</tbody></table>";
  if (rows > kMaxEvidenceRows) {
    out += "<p>The table holds the first " + std::to_string(kMaxEvidenceRows) +
           " sightings; the JSON output holds them all.</p>";
  }
  return out;
}

std::string HostDetail(const Timeline& h) {
  std::string out = "<details class=\"host-detail\"><summary>" + Html(h.name) + " &mdash; " +
                    HtmlDay(h.first_seen) + " to " + HtmlDay(h.last_seen) + ", " +
                    Html(FormatDwell(h.dwell_seconds)) + "</summary>";
  out += "<p>Organisation: " +
         Html(h.organization.empty() ? kUnassignedOrganization : h.organization) +
         (h.sector.empty() ? "" : "; sector: " + Html(h.sector)) +
         (h.country.empty() ? "" : "; country: " + Html(h.country)) + ". " +
         std::to_string(h.findings) + " findings";
  if (h.undated > 0) out += " (" + std::to_string(h.undated) + " undated)";
  out += ".</p><p>Activity periods: ";
  for (std::size_t i = 0; i < h.periods.size(); ++i) {
    const ActivityPeriod& p = h.periods[i];
    out += (i > 0 ? "; " : "") + HtmlDay(p.start) + " to " + HtmlDay(p.end) + " (" +
           std::to_string(p.findings) + " findings)";
  }
  out += "</p><table class=\"sortable\">" + SightingHead(false) + "<tbody>";
  std::size_t rows = 0;
  for (const IndicatorSighting& s : h.indicators) {
    if (rows++ >= kMaxEvidenceRows) break;
    out += SightingRow(s, nullptr);
  }
  return out + "</tbody></table></details>";
}

std::string AttributionSection(const Report& r) {
  if (r.attributions.empty()) {
    return "<p>No campaign of the intel (" + Html(std::to_string(r.intel.size())) +
           " sources) matches the findings.</p>";
  }
  std::string out;
  for (const Attribution& a : r.attributions) {
    out += "<div class=\"attribution\"><h3>" + Html(a.campaign);
    if (!a.actor.empty()) out += " &mdash; " + Html(a.actor);
    for (const std::string& alias : a.aliases) out += " (aka " + Html(alias) + ")";
    out += "</h3><p><span class=\"scorebox\"><span class=\"score\" style=\"width:" +
           Fixed(a.score, 1) + "%\"></span></span><strong class=\"score-value\">" +
           Fixed(a.score, 1) + " / 100</strong>. Campaign window " + HtmlDay(a.window_first) +
           " to " + HtmlDay(a.window_last) + ".</p>";
    out += "<table class=\"factors\">" +
           Head({{"Evidence category", false},
                 {"Weight", true},
                 {"Strength", true},
                 {"Points", true},
                 {"Why", false},
                 {"Evidence", false}}) +
           "<tbody>";
    for (const AttributionFactor& f : a.factors) {
      std::string evidence;
      for (const std::string& e : f.evidence)
        evidence += (evidence.empty() ? "" : "<br>") + Html(e);
      out += "<tr>" + Td(f.title) + "<td class=\"num\">" + Fixed(f.weight, 0) +
             "</td><td class=\"num\">" + Fixed(f.strength, 3) + "</td><td class=\"num\">" +
             Fixed(f.contribution, 1) + "</td>" + Td(f.explanation) + "<td>" + evidence +
             "</td></tr>";
    }
    out += "</tbody></table></div>";
  }
  return out;
}

}  // namespace

std::string ReportToHtml(const Report& r, std::string_view title) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" +
      Html(title) + "</title><style>" + report_internal::kReportCss + "</style></head><body>";
  out += "<h1>" + Html(title) + "</h1><p class=\"summary\" id=\"summary\">" +
         std::to_string(r.findings) + " findings on " + std::to_string(r.hosts.size()) +
         " hosts of " + std::to_string(r.organizations.size()) + " organisations, " +
         HtmlDay(r.first_seen) + " to " + HtmlDay(r.last_seen) + ". A gap of more than " +
         Html(FormatDwell(r.gap_seconds)) + " between findings starts a new activity period.</p>";
  out +=
      "<h2>Intrusion timeline</h2><p class=\"legend\">Light bar: first to last sighting;"
      "<span style=\"background:#b3261e\"></span>dark: activity periods; the figure at the "
      "right is the dwell time.</p>" +
      report_internal::IntrusionChart(r);
  out += "<h2>Organisations</h2>" + OrganizationTable(r);
  out += "<h2>Hosts</h2>" + HostTable(r);
  out += "<h2>Attribution</h2>" + AttributionSection(r);
  out += "<h2>Evidence</h2>" + EvidenceTable(r);
  out += "<h2>Host detail</h2>";
  for (const Timeline& h : r.hosts) out += HostDetail(h);
  out += "<script>" + std::string(report_internal::kReportJs) + "</script></body></html>\n";
  return out;
}

}  // namespace shrike
