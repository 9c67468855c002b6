// Unbound local-zone configuration: "local-zone: "domain." always_nxdomain"
// answers NXDOMAIN for the domain and every name below it. The file is a
// complete configuration clause ("server:") that can be included from
// unbound.conf.
#include "export/common.h"

namespace shrike::exporter {
namespace {
constexpr std::string_view kFormat = "unbound";
}  // namespace

std::vector<ExportFile> ExportUnbound(const Grouped& g, const ExportOptions& o, Diagnostics& d) {
  std::string out = HeaderComment(g, "#", kFormat);
  out += "server:\n";
  for (const Entry& e : g.Of(IndicatorType::kDomain)) {
    if (!IsPlainDnsName(e.value, 253)) {
      WarnValue(d, kFormat, e, IndicatorType::kDomain,
                "not a plain host name Unbound can hold (letters, digits, '-', '_'; "
                "labels of 1-63 bytes)");
      continue;
    }
    out += "    local-zone: \"" + e.value + ".\" always_nxdomain\n";
  }
  WarnUnused(d, kFormat, g, {IndicatorType::kDomain});
  return {ExportFile{Identifier(o.name) + "-unbound.conf", std::move(out)}};
}

}  // namespace shrike::exporter
