#include "shrike/export.h"

#include <array>
#include <utility>

#include "export/common.h"

namespace shrike {
namespace {

constexpr std::array<std::pair<ExportFormat, std::string_view>, 8> kNames = {{
    {ExportFormat::kRpz, "rpz"},
    {ExportFormat::kUnbound, "unbound"},
    {ExportFormat::kNft, "nft"},
    {ExportFormat::kZeekIntel, "zeek-intel"},
    {ExportFormat::kLoki, "loki"},
    {ExportFormat::kYara, "yara"},
    {ExportFormat::kSuricata, "suricata"},
    {ExportFormat::kSigma, "sigma"},
}};

// The line-comment marker of each format (all of them have one).
std::string_view CommentPrefix(ExportFormat format) {
  switch (format) {
    case ExportFormat::kRpz: return ";";
    case ExportFormat::kYara: return "//";
    default: return "#";
  }
}

}  // namespace

std::string_view ExportFormatName(ExportFormat format) {
  for (const auto& [f, name] : kNames) {
    if (f == format) return name;
  }
  return "unknown";
}

std::optional<ExportFormat> ParseExportFormat(std::string_view name) {
  for (const auto& [f, n] : kNames) {
    if (n == name) return f;
  }
  return std::nullopt;
}

std::vector<ExportFile> ExportIntel(const Intel& intel, ExportFormat format,
                                    const ExportOptions& options, Diagnostics& diags) {
  exporter::Grouped groups(intel);
  switch (format) {
    case ExportFormat::kRpz: return exporter::ExportRpz(groups, options, diags);
    case ExportFormat::kUnbound: return exporter::ExportUnbound(groups, options, diags);
    case ExportFormat::kNft: return exporter::ExportNft(groups, options, diags);
    case ExportFormat::kZeekIntel: return exporter::ExportZeekIntel(groups, options, diags);
    case ExportFormat::kLoki: return exporter::ExportLoki(groups, options, diags);
    case ExportFormat::kYara: return exporter::ExportYara(groups, options, diags);
    case ExportFormat::kSuricata: return exporter::ExportSuricata(groups, options, diags);
    case ExportFormat::kSigma: return exporter::ExportSigma(groups, options, diags);
  }
  return {};
}

std::string CombineExport(const std::vector<ExportFile>& files, ExportFormat format) {
  if (files.size() == 1) return files[0].content;
  std::string out;
  std::string_view prefix = CommentPrefix(format);
  for (const ExportFile& file : files) {
    out.append(prefix).append(" ==== file: ").append(file.name).append(" ====\n");
    out += file.content;
  }
  return out;
}

}  // namespace shrike
