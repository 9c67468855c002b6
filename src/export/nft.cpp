// nftables: one "inet" table holding an IPv4 and an IPv6 interval set
// (addresses and CIDRs; auto-merge folds overlaps) and input, output and
// forward chains that log and drop traffic from or to the sets. The file
// starts by creating and flushing the table so that `nft -f` can reload it.
#include <arpa/inet.h>

#include <algorithm>

#include "export/common.h"

namespace shrike::exporter {
namespace {

constexpr std::string_view kFormat = "nft";

struct Sets {
  std::vector<std::string> v4, v6;
};

bool IsAddress(int af, const std::string& text) {
  unsigned char buf[16];
  return inet_pton(af, text.c_str(), buf) == 1;
}

void AddAddresses(const Grouped& g, IndicatorType type, int af, std::vector<std::string>& out,
                  Diagnostics& d) {
  for (const Entry& e : g.Of(type)) {
    if (IsAddress(af, e.value)) {
      out.push_back(e.value);
    } else {
      WarnValue(d, kFormat, e, type, "not an address in canonical form");
    }
  }
}

void AddCidrs(const Grouped& g, Sets& sets, Diagnostics& d) {
  for (const Entry& e : g.Of(IndicatorType::kCidr)) {
    auto net = NormalizeValue(IndicatorType::kCidr, e.value);
    if (!net.ok()) {
      WarnValue(d, kFormat, e, IndicatorType::kCidr, "not a network prefix");
      continue;
    }
    (net->find(':') != std::string::npos ? sets.v6 : sets.v4).push_back(*net);
  }
}

std::string SetBlock(std::string_view name, std::string_view type,
                     const std::vector<std::string>& elements) {
  std::string out = "  set " + std::string(name) + " {\n    type " + std::string(type) +
                    "\n    flags interval\n    auto-merge\n";
  if (!elements.empty()) {
    out += "    elements = {\n";
    for (std::size_t i = 0; i < elements.size(); ++i) {
      out += "      " + elements[i] + (i + 1 < elements.size() ? ",\n" : "\n");
    }
    out += "    }\n";
  }
  return out + "  }\n";
}

// One base chain; dirs say which of saddr/daddr to match.
std::string Chain(std::string_view hook, std::vector<std::string_view> dirs,
                  std::string_view prefix) {
  std::string out = "  chain " + std::string(hook) + " {\n    type filter hook " +
                    std::string(hook) + " priority filter - 10; policy accept;\n";
  for (std::string_view dir : dirs) {
    for (std::string_view fam : {"ip", "ip6"}) {
      std::string set = fam == "ip" ? "@blocklist_v4" : "@blocklist_v6";
      out += "    " + std::string(fam) + " " + std::string(dir) + " " + set + " log prefix \"" +
             std::string(prefix) + "\" drop\n";
    }
  }
  return out + "  }\n";
}

}  // namespace

std::vector<ExportFile> ExportNft(const Grouped& g, const ExportOptions& o, Diagnostics& d) {
  Sets sets;
  AddAddresses(g, IndicatorType::kIpv4, AF_INET, sets.v4, d);
  AddAddresses(g, IndicatorType::kIpv6, AF_INET6, sets.v6, d);
  AddCidrs(g, sets, d);
  std::sort(sets.v4.begin(), sets.v4.end());
  sets.v4.erase(std::unique(sets.v4.begin(), sets.v4.end()), sets.v4.end());
  std::sort(sets.v6.begin(), sets.v6.end());
  sets.v6.erase(std::unique(sets.v6.begin(), sets.v6.end()), sets.v6.end());

  std::string table = "inet " + Identifier(o.name);
  std::string prefix = Identifier(o.name).substr(0, 20) + " drop: ";
  std::string out = HeaderComment(g, "#", kFormat);
  out += "table " + table + "\nflush table " + table + "\n";
  out += "table " + table + " {\n";
  out += SetBlock("blocklist_v4", "ipv4_addr", sets.v4);
  out += SetBlock("blocklist_v6", "ipv6_addr", sets.v6);
  out += Chain("input", {"saddr"}, prefix);
  out += Chain("output", {"daddr"}, prefix);
  out += Chain("forward", {"saddr", "daddr"}, prefix);
  out += "}\n";
  WarnUnused(d, kFormat, g, {IndicatorType::kIpv4, IndicatorType::kIpv6, IndicatorType::kCidr});
  return {ExportFile{Identifier(o.name) + ".nft", std::move(out)}};
}

}  // namespace shrike::exporter
