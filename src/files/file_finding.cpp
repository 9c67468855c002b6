#include "files/file_finding.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace shrike::files {
namespace {

// "Palmerworm 2019-2020 sha256 indicator": who the indicator is about, and
// what kind it is.
std::string RuleName(const Indicator& ind) {
  const IndicatorContext& ctx = ind.ctx();
  std::string who = !ctx.campaign.empty()         ? ctx.campaign
                    : !ctx.actor.empty()          ? ctx.actor
                    : !ctx.malware_family.empty() ? ctx.malware_family
                                                  : ctx.source;
  std::string name = who.empty() ? "" : who + " ";
  return name.append(IndicatorTypeName(ind.type)).append(" indicator");
}

}  // namespace

Finding MakeFileFinding(const FileInfo& info, FileReport& report, const std::string& host) {
  std::stable_sort(report.hits.begin(), report.hits.end(),
                   [](const Hit& a, const Hit& b) { return a.score > b.score; });
  Finding f;
  f.timestamp = info.mtime;
  f.dataset = "shrike.sweep";
  f.category = {"file"};
  f.host = host;
  const Hit& top = report.hits.front();
  f.rule_name = !top.rule_name.empty() ? top.rule_name : RuleName(*top.indicator);
  if (!top.ruleset.empty()) f.rule_ruleset = top.ruleset;
  std::vector<int> scores;
  for (Hit& hit : report.hits) {
    scores.push_back(hit.score);
    // Rule hits without an indicator (YARA) are named in the fields instead.
    if (hit.indicator != nullptr)
      f.enrichments.push_back({std::move(hit.atomic), std::move(hit.field), hit.indicator});
  }
  f.severity = CombineScores(std::move(scores));
  f.fields.emplace_back("file.path", info.path);
  f.fields.emplace_back("file.name", info.name);
  if (info.mtime != kNoTime) f.fields.emplace_back("file.mtime", FormatIsoTime(info.mtime));
  for (auto& field : report.fields) f.fields.push_back(std::move(field));
  f.numeric_fields.emplace_back("file.size", static_cast<std::int64_t>(info.size));
  return f;
}

}  // namespace shrike::files
