// The terminal summary: aligned tables of organisations and hosts, then the
// attribution. Control characters from findings are shown as '?', so a
// hostile host name cannot drive the terminal.
#include <algorithm>
#include <cstdio>

#include "shrike/report.h"

namespace shrike {
namespace {

constexpr std::size_t kMaxCell = 40;

std::string Printable(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, kMaxCell)) {
    auto u = static_cast<unsigned char>(c);
    out.push_back(u < 0x20 || u == 0x7f ? '?' : c);
  }
  if (s.size() > kMaxCell) out += "...";
  return out;
}

std::string Day(UnixTime t) { return t == kNoTime ? "-" : FormatIsoTime(t).substr(0, 10); }

using Row = std::vector<std::string>;

// Columns left-aligned except the numeric ones (right).
std::string Table(const std::vector<Row>& rows, const std::vector<bool>& right) {
  std::vector<std::size_t> width(right.size(), 0);
  for (const Row& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  std::string out;
  for (const Row& row : rows) {
    std::string line = " ";
    for (std::size_t i = 0; i < row.size(); ++i) {
      std::string pad(width[i] - row[i].size(), ' ');
      line += ' ';
      line += right[i] ? pad + row[i] : row[i] + pad;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::string Place(const Timeline& t) {
  std::string s = Printable(t.sector);
  if (!t.country.empty()) s += (s.empty() ? "" : ", ") + Printable(t.country);
  return s.empty() ? "-" : s;
}

std::string Organizations(const Report& r) {
  std::vector<Row> rows = {{"organisation", "sector, country", "first seen", "last seen", "dwell",
                            "periods", "hosts", "findings"}};
  for (const Timeline& t : r.organizations) {
    rows.push_back({Printable(t.name), Place(t), Day(t.first_seen), Day(t.last_seen),
                    FormatDwell(t.dwell_seconds), std::to_string(t.periods.size()),
                    std::to_string(t.hosts.size()), std::to_string(t.findings)});
  }
  return Table(rows, {false, false, false, false, true, true, true, true});
}

std::string Hosts(const Report& r) {
  std::vector<Row> rows = {{"host", "organisation", "first seen", "last seen", "dwell", "periods",
                            "indicators", "findings"}};
  for (const Timeline& t : r.hosts) {
    std::string org =
        t.organization.empty() ? std::string(kUnassignedOrganization) : Printable(t.organization);
    rows.push_back({Printable(t.name), org, Day(t.first_seen), Day(t.last_seen),
                    FormatDwell(t.dwell_seconds), std::to_string(t.periods.size()),
                    std::to_string(t.indicators.size()), std::to_string(t.findings)});
  }
  return Table(rows, {false, false, false, false, true, true, true, true});
}

std::string Fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.*f", decimals, v);
  return buf;
}

std::string Attributions(const Report& r) {
  std::string out;
  for (const Attribution& a : r.attributions) {
    out += "  " + Printable(a.campaign);
    if (!a.actor.empty()) out += " (" + Printable(a.actor) + ")";
    out += ": " + Fixed(a.score, 1) + " / 100\n";
    std::vector<Row> rows;
    for (const AttributionFactor& f : a.factors) {
      rows.push_back({f.title, Fixed(f.weight, 0), "x", Fixed(f.strength, 3), "=",
                      Fixed(f.contribution, 1), f.explanation});
    }
    out += Table(rows, {false, true, false, true, false, true, false});
  }
  return out.empty() ? "  no campaign of the intel matches the findings\n" : out;
}

}  // namespace

std::string TerminalSummary(const Report& r) {
  std::string out = std::to_string(r.findings) + " findings on " + std::to_string(r.hosts.size()) +
                    " hosts of " + std::to_string(r.organizations.size()) + " organisations, " +
                    Day(r.first_seen) + " to " + Day(r.last_seen);
  if (r.skipped > 0) out += " (" + std::to_string(r.skipped) + " lines skipped)";
  out += "\n\nOrganisations\n" + Organizations(r) + "\nHosts\n" + Hosts(r) +
         "\nAttribution (points = weight x strength)\n" + Attributions(r);
  return out;
}

}  // namespace shrike
