// DNS Response Policy Zone. Each domain gets two QNAME triggers, the domain
// and "*.domain", so its subdomains are blocked too. The action is
// "CNAME ." (NXDOMAIN) or a CNAME to a sinkhole host. Names are written
// relative to the zone, so the file loads under whatever zone name the server
// configures; the length check assumes options.rpz_zone.
#include "export/common.h"

namespace shrike::exporter {
namespace {

constexpr std::string_view kFormat = "rpz";

std::string Soa() {
  // A fixed serial keeps the output deterministic; servers reload on change
  // of content when the operator bumps it or uses ixfr-from-differences.
  return "$TTL 300\n"
         "@ IN SOA localhost. hostmaster.localhost. 1 3600 600 86400 300\n"
         "  IN NS localhost.\n";
}

// The CNAME target: "." for NXDOMAIN, else the sinkhole as an absolute name.
std::string Target(const ExportOptions& o, Diagnostics& diags) {
  if (o.sinkhole.empty()) return ".";
  std::string host = o.sinkhole;
  if (host.back() == '.') host.pop_back();
  if (IsPlainDnsName(host, 253)) return host + ".";
  diags.Warn(
      Error(ErrorCode::kInvalidArgument, "rpz export: sinkhole '" + CommentText(o.sinkhole) +
                                             "' is not a host name; answering NXDOMAIN instead"));
  return ".";
}

}  // namespace

std::vector<ExportFile> ExportRpz(const Grouped& g, const ExportOptions& o, Diagnostics& d) {
  std::string out = HeaderComment(g, ";", kFormat);
  out += "; Load as zone '" + CommentText(o.rpz_zone) + "' (response-policy { zone \"...\"; })\n";
  out += Soa();
  std::string target = Target(o, d);
  // Wire length: the name, "*." and the zone must fit in 255 bytes.
  std::size_t max_len = o.rpz_zone.size() < 240 ? 250 - o.rpz_zone.size() - 2 : 0;
  for (const Entry& e : g.Of(IndicatorType::kDomain)) {
    if (!IsPlainDnsName(e.value, max_len)) {
      WarnValue(d, kFormat, e, IndicatorType::kDomain,
                "not a plain host name a zone file can hold (letters, digits, '-', '_'; "
                "labels of 1-63 bytes; at most " +
                    std::to_string(max_len) + " bytes)");
      continue;
    }
    out += e.value + " CNAME " + target + "\n";
    out += "*." + e.value + " CNAME " + target + "\n";
  }
  WarnUnused(d, kFormat, g, {IndicatorType::kDomain});
  return {ExportFile{Identifier(o.name) + ".rpz", std::move(out)}};
}

}  // namespace shrike::exporter
