// Zeek intel framework TSV (base/frameworks/intel): a "#fields" header, then
// one tab-separated row per indicator. Empty fields are "-". Zeek's input
// reader has no escape for a tab or newline inside a field, so values
// holding one are skipped with a warning; in meta fields they become spaces.
#include <array>

#include "export/common.h"

namespace shrike::exporter {
namespace {

constexpr std::string_view kFormat = "zeek-intel";

struct ZeekType {
  IndicatorType type;
  std::string_view name;
};

constexpr std::array<ZeekType, 13> kTypes = {{
    {IndicatorType::kIpv4, "Intel::ADDR"},
    {IndicatorType::kIpv6, "Intel::ADDR"},
    {IndicatorType::kCidr, "Intel::SUBNET"},
    {IndicatorType::kDomain, "Intel::DOMAIN"},
    {IndicatorType::kUrl, "Intel::URL"},
    {IndicatorType::kEmail, "Intel::EMAIL"},
    {IndicatorType::kMd5, "Intel::FILE_HASH"},
    {IndicatorType::kSha1, "Intel::FILE_HASH"},
    {IndicatorType::kSha256, "Intel::FILE_HASH"},
    {IndicatorType::kSha512, "Intel::FILE_HASH"},
    {IndicatorType::kFilename, "Intel::FILE_NAME"},
    {IndicatorType::kCertSha1, "Intel::CERT_HASH"},
    {IndicatorType::kCertSha256, "Intel::CERT_HASH"},
}};

bool HasControl(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  }
  return false;
}

// Zeek's Intel::URL holds URLs without their scheme.
std::string_view StripScheme(std::string_view url) {
  std::size_t p = url.find("://");
  return p == std::string_view::npos ? url : url.substr(p + 3);
}

// A meta field: "-" when empty; a lone "-" or "(empty)" would be read back
// as unset/empty, so those are quoted.
std::string Field(std::string_view text) {
  std::string out = CommentText(text);
  if (out.empty()) return "-";
  if (out == "-" || out == "(empty)") return "'" + out + "'";
  return out;
}

std::string Row(const Entry& e, std::string_view value, std::string_view type) {
  const IndicatorContext* ctx = e.first && e.first->context ? e.first->context.get() : nullptr;
  std::string source = ctx ? ctx->source : "";
  std::string desc = ctx ? ctx->campaign : "";
  std::string url = source.rfind("http", 0) == 0 ? source : "";
  return std::string(value) + "\t" + std::string(type) + "\t" + Field(source) + "\t" + Field(desc) +
         "\t" + Field(url) + "\n";
}

}  // namespace

std::vector<ExportFile> ExportZeekIntel(const Grouped& g, const ExportOptions& o, Diagnostics& d) {
  std::string out = "#fields\tindicator\tindicator_type\tmeta.source\tmeta.desc\tmeta.url\n";
  out += HeaderComment(g, "#", kFormat);
  std::vector<IndicatorType> used;
  for (const ZeekType& zt : kTypes) {
    used.push_back(zt.type);
    for (const Entry& e : g.Of(zt.type)) {
      std::string_view value = zt.type == IndicatorType::kUrl ? StripScheme(e.value) : e.value;
      if (value.empty() || value == "-" || HasControl(value)) {
        WarnValue(d, kFormat, e, zt.type, "empty, '-' or holds a tab or control character");
        continue;
      }
      out += Row(e, value, zt.name);
    }
  }
  WarnUnused(d, kFormat, g, used);
  return {ExportFile{Identifier(o.name) + ".intel", std::move(out)}};
}

}  // namespace shrike::exporter
