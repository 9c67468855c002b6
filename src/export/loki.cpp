// Signature-base (Loki, THOR) IOC lists: "<name>-hash-iocs.txt" with
// "hash;description" (md5, sha1, sha256) and "<name>-c2-iocs.txt" with
// "value;description" (domains and addresses). Loki picks files up by the
// "hash"/"c2" in their names. ';' separates fields and '#' starts a comment,
// so a value holding either cannot be written; descriptions get ',' instead.
#include "export/common.h"

namespace shrike::exporter {
namespace {

constexpr std::string_view kFormat = "loki";

std::string Description(const Entry& e) {
  std::string text = Describe(e);
  for (char& c : text) {
    if (c == ';') c = ',';
  }
  return text.empty() ? "Shrike" : text;
}

void AddList(const Grouped& g, std::initializer_list<IndicatorType> types, std::string& out,
             Diagnostics& d) {
  for (IndicatorType type : types) {
    for (const Entry& e : g.Of(type)) {
      if (e.value.empty() || e.value.find_first_of(";#\r\n") != std::string::npos) {
        WarnValue(d, kFormat, e, type, "holds ';', '#' or a line break");
        continue;
      }
      out += e.value + ";" + Description(e) + "\n";
    }
  }
}

}  // namespace

std::vector<ExportFile> ExportLoki(const Grouped& g, const ExportOptions& o, Diagnostics& d) {
  std::string hashes = HeaderComment(g, "#", kFormat);
  AddList(g, {IndicatorType::kMd5, IndicatorType::kSha1, IndicatorType::kSha256}, hashes, d);
  std::string c2 = HeaderComment(g, "#", kFormat);
  AddList(g, {IndicatorType::kDomain, IndicatorType::kIpv4, IndicatorType::kIpv6}, c2, d);
  WarnUnused(d, kFormat, g,
             {IndicatorType::kMd5, IndicatorType::kSha1, IndicatorType::kSha256,
              IndicatorType::kDomain, IndicatorType::kIpv4, IndicatorType::kIpv6});
  std::string base = Identifier(o.name);
  return {ExportFile{base + "-hash-iocs.txt", std::move(hashes)},
          ExportFile{base + "-c2-iocs.txt", std::move(c2)}};
}

}  // namespace shrike::exporter
