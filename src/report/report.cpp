// RunReport: read findings (streaming), load assets and intel, build the
// report, write the outputs.
#include "shrike/report.h"

#include <algorithm>

#include "core/strings.h"
#include "report/aggregate.h"
#include "report/build.h"
#include "report/evidence.h"
#include "report/findings_reader.h"
#include "shrike/intel_io.h"
#include "shrike/io.h"
#include "shrike/packs.h"

namespace shrike {
namespace {

using report_internal::Aggregator;

constexpr std::size_t kMaxAssetsBytes = std::size_t{64} << 20;

// Packs named by the findings (provider or threat group), else every pack.
std::vector<std::string> DefaultIntel(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const std::string& name : names) {
    std::string lower = AsciiLower(name);
    if (IsPackName(lower) && std::find(out.begin(), out.end(), lower) == out.end())
      out.push_back(lower);
  }
  std::sort(out.begin(), out.end());
  return out.empty() ? PackNames() : out;
}

Result<Intel> LoadIntel(const std::vector<std::string>& sources, Diagnostics& diags) {
  Intel all;
  for (const std::string& source : sources) {
    SHRIKE_TRY(Intel intel, LoadIntelSource(source, diags));
    all.Merge(std::move(intel));
  }
  return all;
}

Result<report_internal::Assets> LoadAssets(const std::string& path, Diagnostics& diags) {
  if (path.empty()) return report_internal::Assets{};
  SHRIKE_TRY(std::string text, ReadFile(path, kMaxAssetsBytes));
  return report_internal::ReadAssets(text, path, diags);
}

Status WriteOutputs(const ReportOptions& o, const Report& r) {
  if (!o.json_path.empty()) SHRIKE_RETURN_IF_ERROR(WriteFile(o.json_path, ReportToJson(r)));
  if (!o.csv_path.empty()) SHRIKE_RETURN_IF_ERROR(WriteFile(o.csv_path, ReportToCsv(r)));
  if (!o.stix_path.empty()) SHRIKE_RETURN_IF_ERROR(WriteFile(o.stix_path, ReportToStix(r)));
  if (!o.html_path.empty())
    SHRIKE_RETURN_IF_ERROR(WriteFile(o.html_path, ReportToHtml(r, o.title)));
  return Ok();
}

Status CheckGap(std::int64_t gap) {
  if (gap < 0) return Error(ErrorCode::kInvalidArgument, "the gap must not be negative");
  return Ok();
}

}  // namespace

std::string_view EvidenceKindName(EvidenceKind kind) {
  switch (kind) {
    case EvidenceKind::kFileHash: return "file-hash";
    case EvidenceKind::kYaraFamily: return "yara-family";
    case EvidenceKind::kDualUseTool: return "dual-use-tool";
    case EvidenceKind::kSigner: return "signer";
    case EvidenceKind::kC2Domain: return "c2-domain";
    case EvidenceKind::kC2Address: return "c2-address";
    case EvidenceKind::kBehaviourRule: return "behaviour-rule";
    case EvidenceKind::kFileName: return "file-name";
    case EvidenceKind::kOther: return "other";
  }
  return "other";
}

std::string_view EvidenceKindTitle(EvidenceKind kind) {
  switch (kind) {
    case EvidenceKind::kFileHash: return "File hash";
    case EvidenceKind::kYaraFamily: return "YARA family";
    case EvidenceKind::kDualUseTool: return "Dual-use tool";
    case EvidenceKind::kSigner: return "Signer";
    case EvidenceKind::kC2Domain: return "C2 domain";
    case EvidenceKind::kC2Address: return "C2 address";
    case EvidenceKind::kBehaviourRule: return "Behaviour rule";
    case EvidenceKind::kFileName: return "File name";
    case EvidenceKind::kOther: return "Other";
  }
  return "Other";
}

std::string FormatDwell(std::int64_t seconds) {
  if (seconds <= 0) return "0 h";
  std::int64_t days = seconds / 86400;
  std::int64_t hours = (seconds % 86400) / 3600;
  std::int64_t minutes = (seconds % 3600) / 60;
  if (days >= 10) return std::to_string(days + (hours >= 12 ? 1 : 0)) + " d";
  if (days > 0) return std::to_string(days) + " d " + std::to_string(hours) + " h";
  if (hours > 0) return std::to_string(hours) + " h " + std::to_string(minutes) + " min";
  return std::to_string(std::max<std::int64_t>(minutes, 1)) + " min";
}

Result<Report> BuildReport(const std::vector<std::pair<std::string, std::string>>& documents,
                           std::string_view assets_csv, const Intel& intel,
                           std::int64_t gap_seconds, Diagnostics& diags) {
  SHRIKE_RETURN_IF_ERROR(CheckGap(gap_seconds));
  Aggregator aggregate(gap_seconds, diags);
  std::uint64_t skipped = 0;
  for (const auto& [name, text] : documents) {
    report_internal::ReadFindingsText(
        text, name, [&](report_internal::FindingRecord& f) { aggregate.Add(f); }, diags, &skipped);
  }
  report_internal::Assets assets;
  if (!assets_csv.empty()) {
    SHRIKE_TRY(assets, report_internal::ReadAssets(assets_csv, "assets.csv", diags));
  }
  report_internal::IntelIndex index(intel);
  Report report = report_internal::BuildFromAggregate(aggregate, assets, index, gap_seconds);
  report.skipped = skipped;
  if (!intel.name.empty()) report.intel.push_back(intel.name);
  return report;
}

Result<Report> RunReport(const ReportOptions& options, Diagnostics& diags) {
  SHRIKE_RETURN_IF_ERROR(CheckGap(options.gap_seconds));
  if (options.inputs.empty()) return Error(ErrorCode::kInvalidArgument, "no findings to read");
  SHRIKE_TRY(auto assets, LoadAssets(options.assets_path, diags));
  Aggregator aggregate(options.gap_seconds, diags);
  std::uint64_t skipped = 0;
  for (const std::string& input : options.inputs) {
    SHRIKE_RETURN_IF_ERROR(report_internal::ReadFindingsFile(
        input, [&](report_internal::FindingRecord& f) { aggregate.Add(f); }, diags, &skipped));
  }
  std::vector<std::string> sources =
      options.intel.empty() ? DefaultIntel(aggregate.names()) : options.intel;
  SHRIKE_TRY(Intel intel, LoadIntel(sources, diags));
  report_internal::IntelIndex index(intel);
  Report report =
      report_internal::BuildFromAggregate(aggregate, assets, index, options.gap_seconds);
  report.skipped = skipped;
  report.intel = sources;
  SHRIKE_RETURN_IF_ERROR(WriteOutputs(options, report));
  return report;
}

}  // namespace shrike
