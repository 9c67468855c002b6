// The hunt: inputs -> records -> Events -> matches -> Findings.
//
// The reader (RecordReader) and the matcher (MatchEvent) share no state
// across inputs, so logs/hunt_runner.h runs inputs on a pool of threads or
// follows them. The fast path (logs/prefilter.h) sits in the line reader, in
// front of parsing.
#include <algorithm>
#include <filesystem>
#include <optional>
#include <system_error>

#include "core/strings.h"
#include "logs/hunt_runner.h"
#include "logs/matcher.h"
#include "logs/readers.h"
#include "shrike/hunt.h"

namespace shrike {
namespace {

using logs_internal::LineRecordReader;
using logs_internal::RecordReader;

constexpr std::string_view kAnyDialect = "*";

void SetTimestamp(Event& event, std::string_view dialect, const FieldMap& map,
                  const std::string& path, Diagnostics& diags) {
  std::string_view unparsed;
  for (const FieldRule* rule : map.RulesWithRole(dialect, FieldRole::kTimestamp)) {
    std::string_view value = event.Get(rule->field);
    if (value.empty()) continue;
    event.timestamp = logs_internal::ParseEventTime(value);
    if (event.timestamp != kNoTime) return;
    unparsed = value;
  }
  if (!unparsed.empty() && dialect != kAnyDialect) {
    diags.Warn(Error(ErrorCode::kParse,
                     "unknown timestamp format '" + std::string(unparsed.substr(0, 64)) + "'",
                     logs_internal::RecordLocation(path, event.line, event.offset)));
  }
}

// Dialect, time and host of a structured record, from the field table; a
// record of no dialect takes them from the "*" rows.
void Annotate(Event& event, const FieldMap& map, const std::string& path, Diagnostics& diags) {
  if (event.kind == SourceKind::kText) return;
  event.dialect = std::string(map.DetectDialect(event));
  if (event.dialect == "zeek" && event.kind == SourceKind::kNdjson) {
    event.kind = SourceKind::kZeekJson;
  }
  std::string_view dialect = event.dialect.empty() ? kAnyDialect : std::string_view(event.dialect);
  SetTimestamp(event, dialect, map, path, diags);
  for (const FieldRule* rule : map.RulesWithRole(dialect, FieldRole::kHost)) {
    std::string_view value = event.Get(rule->field);
    if (!value.empty()) {
      event.host = std::string(value);
      break;
    }
  }
}

bool IsIndicatorRole(FieldRole role) {
  return role != FieldRole::kTimestamp && role != FieldRole::kHost && role != FieldRole::kDetect &&
         role != FieldRole::kStrip;
}

void MatchField(const FieldRule& rule, std::string_view value,
                logs_internal::ValueMatcher& matcher) {
  switch (rule.role) {
    case FieldRole::kHashes: matcher.Hashes(value, rule.ecs); break;
    case FieldRole::kFilename: matcher.Filename(value, rule.ecs); break;
    case FieldRole::kUrl: matcher.Url(value, rule.ecs); break;
    default: matcher.ByLook(value, rule.ecs); break;
  }
}

// The mapped fields of the record, under their ECS names (first value each).
void AddEcsFields(const Event& event, const FieldMap& map, Finding& finding) {
  for (const auto& [name, value] : event.fields) {
    const FieldRule* rule = map.Find(event.dialect, name);
    if (rule == nullptr || !IsIndicatorRole(rule->role) || rule->role == FieldRole::kHashes ||
        value == "-") {
      continue;
    }
    bool seen = std::any_of(finding.fields.begin(), finding.fields.end(),
                            [&](const auto& f) { return f.first == rule->ecs; });
    if (!seen) finding.fields.emplace_back(rule->ecs, value);
  }
  for (const Enrichment& e : finding.enrichments) {
    bool seen = std::any_of(finding.fields.begin(), finding.fields.end(),
                            [&](const auto& f) { return f.first == e.field; });
    if (!seen && e.field.starts_with("file.hash.")) finding.fields.emplace_back(e.field, e.atomic);
  }
}

std::string RuleName(const Indicator& indicator) {
  const IndicatorContext& ctx = indicator.ctx();
  std::string who = !ctx.campaign.empty()         ? ctx.campaign
                    : !ctx.actor.empty()          ? ctx.actor
                    : !ctx.malware_family.empty() ? ctx.malware_family
                                                  : ctx.source;
  std::string type(IndicatorTypeName(indicator.type));
  return who.empty() ? "IOC " + type : who + " " + type;
}

void FillVerdict(Finding& finding) {
  std::vector<int> scores;
  bool file = false, network = false;
  for (const Enrichment& e : finding.enrichments) {
    int confidence = e.indicator->ctx().confidence;
    scores.push_back(confidence >= 0 ? confidence : 50);
    bool is_file = IsFileDigest(e.indicator->type) ||
                   e.indicator->type == IndicatorType::kImphash ||
                   e.indicator->type == IndicatorType::kFilename;
    (is_file ? file : network) = true;
  }
  finding.severity = CombineScores(scores);
  if (network) finding.category.push_back("network");
  if (file) finding.category.push_back("file");
  finding.rule_name = RuleName(*finding.enrichments.front().indicator);
}

HuntStats RunReader(RecordReader& reader, const std::string& path, const IntelSet& intel,
                    const HuntOptions& options, const FindingCallback& on_finding,
                    Diagnostics& diags) {
  const FieldMap& map = options.field_map ? *options.field_map : FieldMap::Builtin();
  HuntStats stats;
  stats.files = 1;
  Event event;
  Finding finding;
  Diagnostics record_diags;  // timestamp warnings, capped like the reader's
  std::uint64_t shown = 0, dropped = 0;
  while (reader.Next(event, diags)) {
    ++stats.records;
    Annotate(event, map, path, record_diags);
    for (const Error& e : record_diags.warnings()) {
      if (shown++ < logs_internal::kMaxWarningsPerInput) {
        diags.Warn(e);
      } else {
        ++dropped;
      }
    }
    record_diags.Clear();
    ++stats.parsed;
    if (intel.size() > 0 && MatchEvent(event, intel, map, path, finding)) {
      ++stats.findings;
      on_finding(finding);
    }
    if (options.observer != nullptr) {
      options.observer->Observe(event, path, [&](const Finding& f) {
        ++stats.findings;
        on_finding(f);
      });
    }
  }
  stats.records += reader.skipped();
  if (dropped > 0) {
    diags.Warn(Error(ErrorCode::kLimit,
                     std::to_string(dropped) + " more timestamp warnings for this input not shown",
                     logs_internal::RecordLocation(path, 0, 0)));
  }
  return stats;
}

// One prefilter per hunt (it only points into the IntelSet), or none.
std::optional<logs_internal::Prefilter> MakePrefilter(const IntelSet& intel,
                                                      const HuntOptions& options) {
  if (!options.prefilter || options.observer != nullptr) return std::nullopt;
  return std::optional<logs_internal::Prefilter>(std::in_place, intel);
}

const logs_internal::Prefilter* Ptr(const std::optional<logs_internal::Prefilter>& p) {
  return p ? &*p : nullptr;
}

Result<HuntStats> HuntOne(const std::string& path, const IntelSet& intel,
                          const HuntOptions& options, const logs_internal::Prefilter* prefilter,
                          const FindingCallback& on_finding, Diagnostics& diags) {
  SHRIKE_TRY(auto reader, logs_internal::OpenReader(path, options, prefilter));
  return RunReader(*reader, path, intel, options, on_finding, diags);
}

std::vector<std::string> ExpandPath(const std::string& path, Diagnostics& diags) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (path == "-" || !fs::is_directory(path, ec)) return {path};
  std::vector<std::string> files;
  for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec)) files.push_back(it->path().string());
  }
  if (ec) {
    Location where;
    where.file = path;
    diags.Warn(Error(ErrorCode::kIo, "cannot list folder: " + ec.message(), where));
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

bool MatchEvent(const Event& event, const IntelSet& intel, const FieldMap& map,
                const std::string& path, Finding& out) {
  out = Finding();
  logs_internal::ValueMatcher matcher(intel, out.enrichments);
  for (const auto& [name, value] : event.fields) {
    if (event.kind == SourceKind::kText) {
      matcher.Text(value, name);
    } else if (event.dialect.empty()) {
      matcher.ByLook(value, name);
    } else if (const FieldRule* rule = map.Find(event.dialect, name);
               rule != nullptr && IsIndicatorRole(rule->role)) {
      MatchField(*rule, value, matcher);
    }
  }
  if (out.enrichments.empty()) return false;
  out.timestamp = event.timestamp;
  out.dataset = "shrike.hunt";
  out.host = event.host;
  out.log_path = path;
  out.log_offset = event.offset;
  out.log_line = event.line;
  if (event.kind == SourceKind::kText) out.fields.emplace_back("message", event.Get("message"));
  if (!event.dialect.empty()) AddEcsFields(event, map, out);
  FillVerdict(out);
  return true;
}

HuntStats HuntBuffer(std::string_view data, const std::string& path, const IntelSet& intel,
                     const HuntOptions& options, const FindingCallback& on_finding,
                     Diagnostics& diags) {
  logs_internal::MemorySource source(data);
  auto prefilter = MakePrefilter(intel, options);
  if (logs_internal::LooksBinary(data)) {
    auto reader = logs_internal::MakeBinaryReader(source, path, options, Ptr(prefilter));
    return RunReader(*reader, path, intel, options, on_finding, diags);
  }
  LineRecordReader reader(source, path, options, Ptr(prefilter));
  return RunReader(reader, path, intel, options, on_finding, diags);
}

Result<HuntStats> HuntPaths(const std::vector<std::string>& paths, const IntelSet& intel,
                            const HuntOptions& options, const FindingCallback& on_finding,
                            Diagnostics& diags) {
  auto prefilter = MakePrefilter(intel, options);
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    for (std::string& file : ExpandPath(path, diags)) files.push_back(std::move(file));
  }
  auto hunt_one = [&intel](const std::string& file, const HuntOptions& o,
                           const logs_internal::Prefilter* p, const FindingCallback& cb,
                           Diagnostics& d) { return HuntOne(file, intel, o, p, cb, d); };
  logs_internal::RunTotals run =
      logs_internal::RunInputs(files, options, Ptr(prefilter), hunt_one, on_finding, diags);
  HuntStats total = run.stats;
  if (options.observer != nullptr) {
    options.observer->Finish([&](const Finding& f) {
      ++total.findings;
      on_finding(f);
    });
  }
  if (run.inputs == 0 || run.failed == run.inputs) {
    return Error(ErrorCode::kIo, "no readable log input");
  }
  return total;
}

}  // namespace shrike
