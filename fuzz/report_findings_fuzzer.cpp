// Fuzzes the findings reader and the whole report over its records: the
// aggregation, classification, attribution and every writer. Traps when a
// report breaks an invariant (a timeline ends before it starts, a dwell that
// is not last - first, more findings counted than lines).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "shrike/packs.h"
#include "shrike/report.h"

namespace {

const shrike::Intel& FuzzIntel() {
  static const shrike::Intel* intel = [] {
    shrike::Diagnostics diags;
    auto pack = shrike::LoadPack("palmerworm", diags);
    return new shrike::Intel(pack.ok() ? std::move(*pack) : shrike::Intel{});
  }();
  return *intel;
}

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

void CheckTimeline(const shrike::Timeline& t) {
  if (t.first_seen == shrike::kNoTime) return;
  Check(t.first_seen <= t.last_seen);
  Check(t.dwell_seconds == t.last_seen - t.first_seen);
  for (const shrike::ActivityPeriod& p : t.periods) Check(p.start <= p.end);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  // The first line, when it looks like a header, doubles as an assets CSV.
  std::string assets = input.starts_with("host,") ? input.substr(0, input.find('\n')) : "";
  shrike::Diagnostics diags;
  auto report = shrike::BuildReport({{"fuzz.ndjson", input}}, assets, FuzzIntel(), 86400, diags);
  if (!report.ok()) return 0;
  std::size_t lines = 1;
  for (char c : input) lines += c == '\n';
  Check(report->findings <= lines);
  for (const shrike::Timeline& t : report->hosts) CheckTimeline(t);
  for (const shrike::Timeline& t : report->organizations) CheckTimeline(t);
  for (const shrike::Attribution& a : report->attributions)
    Check(a.score >= 0 && a.score <= 100.05);
  (void)shrike::TerminalSummary(*report);
  (void)shrike::ReportToJson(*report);
  (void)shrike::ReportToCsv(*report);
  (void)shrike::ReportToStix(*report);
  (void)shrike::ReportToHtml(*report, "fuzz");
  return 0;
}
