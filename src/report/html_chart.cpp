// The intrusion chart as inline SVG, like the figure of the Palmerworm
// report: months across, one bar per organisation (bold) and below it one
// per host, spanning first to last sighting, with the activity periods drawn
// solid over a light span, and the dwell written beside each bar. Black and
// grey print well; bars keep a minimum width so a two-day stay is visible.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <unordered_map>

#include "report/html_util.h"

namespace shrike::report_internal {
namespace {

constexpr double kLeft = 250;  // room for names
constexpr double kRight = 90;  // room for the dwell
constexpr double kWidth = 1100;
constexpr double kRow = 22;
constexpr double kTop = 40;  // room for the month axis
constexpr double kMinBar = 3;
// Rows past this are left out of the chart (the tables hold them all).
constexpr std::size_t kMaxRows = 2000;

struct Month {
  int year, month;  // month 0..11
};

Month MonthOf(UnixTime t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return {tm.tm_year + 1900, tm.tm_mon};
}

UnixTime StartOf(Month m) {
  std::tm tm{};
  tm.tm_year = m.year - 1900;
  tm.tm_mon = m.month;
  tm.tm_mday = 1;
  return static_cast<UnixTime>(timegm(&tm));
}

Month Next(Month m) { return m.month == 11 ? Month{m.year + 1, 0} : Month{m.year, m.month + 1}; }

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f", v);
  return buf;
}

class Chart {
 public:
  explicit Chart(const Report& r) {
    Month first = MonthOf(r.first_seen);
    Month last = Next(MonthOf(r.last_seen));
    // Hostile timestamps may span millennia: the axis is capped at 40 years.
    if (last.year - first.year > 40) last = {first.year + 40, first.month};
    start_ = StartOf(first);
    end_ = StartOf(last);
    for (Month m = first; StartOf(m) < end_; m = Next(m)) months_.push_back(m);
  }

  double X(UnixTime t) const {
    double span = static_cast<double>(end_ - start_);
    double x = static_cast<double>(std::clamp(t, start_, end_) - start_) / span;
    return kLeft + x * (kWidth - kLeft - kRight);
  }

  std::string Axis(double height) const {
    std::string out;
    const char* names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::size_t step = months_.size() > 36 ? 12 : months_.size() > 18 ? 3 : 1;
    for (std::size_t i = 0; i < months_.size(); ++i) {
      const Month& m = months_[i];
      double x = X(StartOf(m));
      out += "<line class=\"grid\" x1=\"" + Num(x) + "\" y1=\"" + Num(kTop - 4) + "\" x2=\"" +
             Num(x) + "\" y2=\"" + Num(height) + "\"/>";
      if (i % step != 0) continue;
      out += "<text class=\"month\" x=\"" + Num(x + 2) + "\" y=\"" + Num(kTop - 8) + "\">" +
             names[m.month] + "</text>";
      if (m.month == 0 || i == 0) {
        out += "<text class=\"year\" x=\"" + Num(x + 2) + "\" y=\"" + Num(kTop - 24) + "\">" +
               std::to_string(m.year) + "</text>";
      }
    }
    return out;
  }

  std::string Bar(const Timeline& t, double y, bool org) const {
    std::string cls = org ? "org" : "host";
    std::string label = org ? t.name : "\u2003" + t.name;
    std::string out = "<g class=\"row " + cls + "\"><title>" + Html(t.name) + ": " +
                      HtmlDay(t.first_seen) + " to " + HtmlDay(t.last_seen) + ", " +
                      Html(FormatDwell(t.dwell_seconds)) + "</title>";
    out += "<text class=\"name\" x=\"" + Num(kLeft - 8) + "\" y=\"" + Num(y + kRow * 0.65) + "\">" +
           Html(label.substr(0, 60)) + "</text>";
    if (t.first_seen == kNoTime) return out + "</g>";
    double x1 = X(t.first_seen), x2 = std::max(X(t.last_seen), x1 + kMinBar);
    out += Rect("span", x1, y + 4, x2 - x1, kRow - 8);
    for (const ActivityPeriod& p : t.periods) {
      double a = X(p.start), b = std::max(X(p.end), a + kMinBar);
      out += Rect("active", a, y + 4, b - a, kRow - 8);
    }
    out += "<text class=\"dwell\" x=\"" + Num(x2 + 6) + "\" y=\"" + Num(y + kRow * 0.65) + "\">" +
           Html(FormatDwell(t.dwell_seconds)) + "</text></g>";
    return out;
  }

 private:
  static std::string Rect(const char* cls, double x, double y, double w, double h) {
    return std::string("<rect class=\"") + cls + "\" x=\"" + Num(x) + "\" y=\"" + Num(y) +
           "\" width=\"" + Num(w) + "\" height=\"" + Num(h) + "\"/>";
  }

  UnixTime start_ = 0, end_ = 1;
  std::vector<Month> months_;
};

}  // namespace

std::string IntrusionChart(const Report& r) {
  if (r.first_seen == kNoTime) return "<p>No dated findings: nothing to chart.</p>";
  Chart chart(r);
  std::unordered_map<std::string_view, const Timeline*> hosts;
  for (const Timeline& h : r.hosts) hosts.emplace(h.name, &h);
  std::string rows;
  double y = kTop;
  std::size_t drawn = 0;
  for (const Timeline& org : r.organizations) {
    if (drawn++ >= kMaxRows) break;
    rows += chart.Bar(org, y, true);
    y += kRow;
    for (const std::string& name : org.hosts) {
      auto host = hosts.find(name);
      if (host == hosts.end() || drawn++ >= kMaxRows) continue;
      rows += chart.Bar(*host->second, y, false);
      y += kRow;
    }
  }
  double height = y + 6;
  return "<svg id=\"chart\" role=\"img\" aria-label=\"Intrusion timeline\" viewBox=\"0 0 " +
         Num(kWidth) + " " + Num(height) + "\">" + chart.Axis(height) + rows + "</svg>";
}

}  // namespace shrike::report_internal
