// MatchInventory: the rows of an inventory through the sweep's matchers.
#include <chrono>
#include <utility>

#include "files/file_finding.h"
#include "files/inventory.h"
#include "files/path_regex.h"
#include "files/scanner.h"
#include "files/stored_match.h"
#include "shrike/inventory.h"

namespace shrike {
namespace {

files::FileInfo InfoOf(files::InventoryRow& row) {
  files::FileInfo info;
  info.path = std::move(row.path);
  std::size_t cut = info.path.find_last_of("/!");
  info.name = cut == std::string::npos ? info.path : info.path.substr(cut + 1);
  info.size = row.size;
  info.mtime_ns = row.mtime_ns;
  info.inode = row.inode;
  // Floor division: an mtime before 1970 keeps its second.
  std::int64_t seconds = row.mtime_ns / 1000000000;
  if (row.mtime_ns % 1000000000 < 0) --seconds;
  info.mtime = row.inode == 0 && row.mtime_ns == 0 ? kNoTime : seconds;
  return info;
}

}  // namespace

Result<InventoryMatchStats> MatchInventory(const IntelSet& intel, const std::string& path,
                                           const FindingCallback& on_finding,
                                           const SweepWarningCallback& on_warning) {
  auto start = std::chrono::steady_clock::now();
  Diagnostics diags;
  files::ScannerSetup setup;
  if (intel.Has(IndicatorType::kFilenameRegex))
    setup.path_regexes = files::PathRegexSet::Compile(intel, diags);
  for (const Error& w : diags.warnings()) {
    if (on_warning) on_warning(w);
  }
  files::Pipeline pipeline = files::BuildPipeline(intel, setup);
  InventoryMatchStats stats;
  auto on_row = [&](files::InventoryRow& row) {
    ++stats.rows;
    files::FileInfo info = InfoOf(row);
    files::FileReport report;
    files::RematchStored(intel, pipeline, info, std::move(row.fields), report);
    if (report.hits.empty()) return;
    ++stats.findings;
    Finding finding = files::MakeFileFinding(info, report, row.host);
    if (on_finding) on_finding(finding);
  };
  auto on_bad_row = [&](const Error& e) {
    ++stats.warnings;
    if (on_warning) on_warning(e);
  };
  SHRIKE_RETURN_IF_ERROR(files::ForEachInventoryRow(path, on_row, on_bad_row));
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  stats.seconds = elapsed.count();
  return stats;
}

}  // namespace shrike
