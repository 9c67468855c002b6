// Suricata rules (action proto src sport -> dst dport (options;)) plus
// dataset files. Domains: up to kRulesPerDomainMax of them get one rule per
// protocol (dns.query, tls.sni, http.host) with dotprefix/endswith so that
// subdomains match too; larger lists go to a string dataset (base64 lines,
// exact names) used by three rules. Addresses and CIDRs go into address lists
// of kAddressesPerRule per rule. md5/sha256 digests go into hex list files for
// filemd5/filesha256. msg texts escape '"', ';' and '\' with a backslash.
#include <openssl/evp.h>

#include "export/common.h"

namespace shrike::exporter {
namespace {

constexpr std::string_view kFormat = "suricata";
constexpr std::size_t kRulesPerDomainMax = 1000;
constexpr std::size_t kAddressesPerRule = 100;

struct Writer {
  std::string rules;
  std::uint32_t sid;
  std::string base;

  void Add(std::string_view header, std::string_view msg, std::string_view options) {
    rules += std::string(header) + " (msg:\"" + std::string(msg) + "\"; " + std::string(options) +
             " classtype:trojan-activity; sid:" + std::to_string(sid++) + "; rev:1;)\n";
  }
};

std::string MsgText(std::string_view text) {
  std::string out;
  for (char c : CommentText(text)) {
    if (c == '"' || c == ';' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string Base64(std::string_view s) {
  std::string out(4 * ((s.size() + 2) / 3) + 1, '\0');
  int n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(s.data()), static_cast<int>(s.size()));
  out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return out;
}

std::vector<const Entry*> Domains(const Grouped& g, Diagnostics& d) {
  std::vector<const Entry*> out;
  for (const Entry& e : g.Of(IndicatorType::kDomain)) {
    if (IsPlainDnsName(e.value, 253)) {
      out.push_back(&e);
    } else {
      WarnValue(d, kFormat, e, IndicatorType::kDomain, "not a plain host name");
    }
  }
  return out;
}

void DomainRules(Writer& w, const std::vector<const Entry*>& domains) {
  for (const Entry* e : domains) {
    std::string what = MsgText(e->value + " " + Describe(*e));
    std::string match = "dotprefix; content:\"." + e->value + "\"; endswith;";
    w.Add("alert dns $HOME_NET any -> any any", "SHRIKE DNS query " + what,
          "dns.query; " + match + " nocase;");
    w.Add("alert tls $HOME_NET any -> $EXTERNAL_NET any", "SHRIKE TLS SNI " + what,
          "tls.sni; " + match + " nocase;");
    w.Add("alert http $HOME_NET any -> $EXTERNAL_NET any", "SHRIKE HTTP host " + what,
          "http.host; " + match);
  }
}

ExportFile DomainDataset(Writer& w, const std::vector<const Entry*>& domains) {
  std::string set = w.base + "-domains";
  std::string file;
  for (const Entry* e : domains) file += Base64(e->value) + "\n";
  std::string use = "dataset:isset," + set + ",type string,load " + set + ".lst;";
  w.Add("alert dns $HOME_NET any -> any any", "SHRIKE DNS query in " + set, "dns.query; " + use);
  w.Add("alert tls $HOME_NET any -> $EXTERNAL_NET any", "SHRIKE TLS SNI in " + set,
        "tls.sni; " + use);
  w.Add("alert http $HOME_NET any -> $EXTERNAL_NET any", "SHRIKE HTTP host in " + set,
        "http.host; " + use);
  return ExportFile{set + ".lst", std::move(file)};
}

void AddressRules(Writer& w, const Grouped& g, Diagnostics& d) {
  std::vector<std::string> all;
  for (IndicatorType t : {IndicatorType::kIpv4, IndicatorType::kIpv6, IndicatorType::kCidr}) {
    for (const Entry& e : g.Of(t)) {
      auto norm = NormalizeValue(t, e.value);
      if (norm.ok()) {
        all.push_back(*norm);
      } else {
        WarnValue(d, kFormat, e, t, "not an address or network");
      }
    }
  }
  for (std::size_t start = 0; start < all.size(); start += kAddressesPerRule) {
    std::string list;
    for (std::size_t i = start; i < std::min(all.size(), start + kAddressesPerRule); ++i) {
      list += (list.empty() ? "" : ",") + all[i];
    }
    std::string n = std::to_string(start / kAddressesPerRule + 1);
    w.Add("alert ip $HOME_NET any -> [" + list + "] any",
          "SHRIKE traffic to listed address (" + MsgText(w.base) + " list " + n + ")", "");
    w.Add("alert ip [" + list + "] any -> $HOME_NET any",
          "SHRIKE traffic from listed address (" + MsgText(w.base) + " list " + n + ")", "");
  }
}

void HashList(Writer& w, const Grouped& g, IndicatorType type, std::string_view keyword,
              std::vector<ExportFile>& files, Diagnostics& d) {
  if (g.Of(type).empty()) return;
  std::string name = w.base + "-" + std::string(IndicatorTypeName(type)) + ".txt";
  std::string file;
  for (const Entry& e : g.Of(type)) {
    if (e.value.empty() || e.value.find_first_not_of("0123456789abcdef") != std::string::npos) {
      WarnValue(d, kFormat, e, type, "not a lower-case hex digest");
      continue;
    }
    file += e.value + "\n";
  }
  w.Add("alert http any any -> any any",
        "SHRIKE file with listed " + std::string(IndicatorTypeName(type)) + " (" + MsgText(w.base) +
            ")",
        std::string(keyword) + ":" + name + ";");
  files.push_back(ExportFile{name, std::move(file)});
}

}  // namespace

std::vector<ExportFile> ExportSuricata(const Grouped& g, const ExportOptions& o, Diagnostics& d) {
  Writer w{HeaderComment(g, "#", kFormat), o.sid_base, Identifier(o.name)};
  std::vector<ExportFile> files(1);
  std::vector<const Entry*> domains = Domains(g, d);
  if (domains.size() <= kRulesPerDomainMax) {
    DomainRules(w, domains);
  } else {
    files.push_back(DomainDataset(w, domains));
  }
  AddressRules(w, g, d);
  HashList(w, g, IndicatorType::kMd5, "filemd5", files, d);
  HashList(w, g, IndicatorType::kSha256, "filesha256", files, d);
  WarnUnused(d, kFormat, g,
             {IndicatorType::kDomain, IndicatorType::kIpv4, IndicatorType::kIpv6,
              IndicatorType::kCidr, IndicatorType::kMd5, IndicatorType::kSha256});
  files[0] = ExportFile{w.base + ".rules", std::move(w.rules)};
  return files;
}

}  // namespace shrike::exporter
