#include "shrike/intel_summary.h"

#include <map>

namespace shrike {
namespace {

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += sep;
    out += item;
  }
  return out;
}

std::string Window(UnixTime first, UnixTime last) {
  if (first == kNoTime && last == kNoTime) return "";
  std::string a = first == kNoTime ? "?" : FormatIsoTime(first).substr(0, 10);
  std::string b = last == kNoTime ? "?" : FormatIsoTime(last).substr(0, 10);
  return " (" + a + " to " + b + ")";
}

std::string EntityLine(const Entity& e) {
  std::string line = e.name;
  if (!e.external_id.empty() && e.external_id != e.name) line = e.external_id + " " + line;
  if (!e.aliases.empty()) line += " [aka " + Join(e.aliases, ", ") + "]";
  std::vector<std::string> where = e.sectors;
  where.insert(where.end(), e.countries.begin(), e.countries.end());
  if (!where.empty()) line += " {" + Join(where, ", ") + "}";
  return line + Window(e.first_seen, e.last_seen);
}

void AppendEntities(std::string& out, const Intel& intel, EntityKind kind, std::string_view title) {
  std::vector<std::string> lines;
  for (const Entity& e : intel.entities) {
    if (e.kind == kind) lines.push_back(EntityLine(e));
  }
  if (lines.empty()) return;
  out += std::string(title) + " (" + std::to_string(lines.size()) + "):\n";
  for (const auto& line : lines) out += "  " + line + "\n";
}

// Names (malware, tool, actor) and references (CVE, ATT&CK) rather than
// observables one can sight.
bool IsReference(IndicatorType t) {
  return !IsObservable(t) || t == IndicatorType::kCve || t == IndicatorType::kAttackTechnique;
}

}  // namespace

std::string SummarizeIntel(const Intel& intel) {
  std::string out;
  if (!intel.name.empty()) out += "intel: " + intel.name + "\n";
  AppendEntities(out, intel, EntityKind::kActor, "actors");
  AppendEntities(out, intel, EntityKind::kCampaign, "campaigns");
  AppendEntities(out, intel, EntityKind::kMalware, "malware");
  AppendEntities(out, intel, EntityKind::kTool, "tools");
  AppendEntities(out, intel, EntityKind::kTechnique, "techniques");
  AppendEntities(out, intel, EntityKind::kVictim, "victims");
  AppendEntities(out, intel, EntityKind::kReport, "reports");
  std::map<std::string_view, std::size_t> counts;
  std::size_t benign = 0, names = 0;
  for (const Indicator& ind : intel.indicators) {
    ++counts[IndicatorTypeName(ind.type)];
    benign += ind.benign.empty() ? 0 : 1;
    names += IsReference(ind.type) ? 1 : 0;
  }
  out += "indicators: " + std::to_string(intel.indicators.size() - names) + " observables";
  if (names != 0) out += ", " + std::to_string(names) + " names and references";
  if (benign != 0) out += " (" + std::to_string(benign) + " known-benign)";
  out += "\n";
  for (const auto& [type, n] : counts)
    out += "  " + std::string(type) + ": " + std::to_string(n) + "\n";
  return out;
}

}  // namespace shrike
