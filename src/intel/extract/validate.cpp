#include "intel/extract/validate.h"

#include <arpa/inet.h>
#include <libpsl.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string>

#include "core/strings.h"

namespace shrike::extract {
namespace {

struct PslFree {
  void operator()(psl_ctx_t* ctx) const { psl_free(ctx); }
};

// The public suffix list: Debian's data file when present (fresher than the
// copy compiled into libpsl), else the built-in list.
const psl_ctx_t* PublicSuffixes() {
  static const std::unique_ptr<psl_ctx_t, PslFree> loaded(
      psl_load_file("/usr/share/publicsuffix/public_suffix_list.dafsa"));
  return loaded ? loaded.get() : psl_builtin();
}

bool IsLabelChar(char c) { return IsAlnum(c) || c == '-' || c == '_'; }

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsDigit);
}

bool IsLabel(std::string_view label) {
  if (label.empty() || label.size() > 63) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  return std::all_of(label.begin(), label.end(), IsLabelChar);
}

}  // namespace

bool IsPublicSuffixLabel(std::string_view label) {
  const psl_ctx_t* psl = PublicSuffixes();
  if (psl == nullptr || label.empty() || label.size() > 63) return false;
  std::string lower = AsciiLower(label);
  return psl_is_public_suffix2(psl, lower.c_str(), PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}

bool IsFileExtensionTld(std::string_view label) {
  // Extensions seen in reports whose names are also top-level domains.
  // Country and generic TLDs that IOC lists use for real domains (cc, app,
  // run, download) are left out.
  static constexpr std::array<std::string_view, 13> kExtensions = {
      "md", "zip", "mov", "sh", "py", "pl", "rs", "ps", "so", "ai", "ml", "pm", "cab"};
  return std::any_of(kExtensions.begin(), kExtensions.end(),
                     [&](std::string_view e) { return EqualsIgnoreCase(e, label); });
}

bool IsDomainName(std::string_view host) {
  if (host.size() > 253 || host.size() < 3) return false;
  std::size_t labels = 0;
  std::size_t start = 0;
  std::string_view last;
  while (start <= host.size()) {
    std::size_t dot = host.find('.', start);
    if (dot == std::string_view::npos) dot = host.size();
    last = host.substr(start, dot - start);
    if (!IsLabel(last)) return false;
    ++labels;
    start = dot + 1;
  }
  if (labels < 2 || AllDigits(last) || last.find('_') != std::string_view::npos) return false;
  return IsPublicSuffixLabel(last);
}

bool IsIpv4(std::string_view text) {
  std::size_t parts = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t dot = text.find('.', start);
    if (dot == std::string_view::npos) dot = text.size();
    std::string_view octet = text.substr(start, dot - start);
    if (!AllDigits(octet) || octet.size() > 3 || (octet.size() > 1 && octet[0] == '0'))
      return false;
    if (std::stoi(std::string(octet)) > 255) return false;
    if (++parts > 4) return false;
    start = dot + 1;
  }
  return parts == 4;
}

bool IsIpv6(std::string_view text) {
  if (text.size() < 2 || text.size() > 45) return false;
  if (std::none_of(text.begin(), text.end(), IsDigit)) return false;
  std::string s(text);
  unsigned char buf[16];
  return inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

bool IsDetectionName(std::string_view atom) {
  static constexpr std::array<std::string_view, 14> kPrefixes = {
      "Backdoor", "Trojan", "Hacktool", "HackTool", "Downloader", "Infostealer", "Ransom",
      "W32",      "W64",    "Exp",      "Packed",   "Dropper",    "Worm",        "Spyware"};
  std::size_t dot = atom.find('.');
  if (dot == std::string_view::npos || dot + 1 >= atom.size()) return false;
  std::string_view head = atom.substr(0, dot);
  char next = atom[dot + 1];
  if (!((next >= 'A' && next <= 'Z') || IsDigit(next))) return false;
  return std::find(kPrefixes.begin(), kPrefixes.end(), head) != kPrefixes.end();
}

bool IsCveId(std::string_view text) {
  if (text.size() < 13 || text.size() > 16 || !StartsWithIgnoreCase(text, "cve-")) return false;
  if (!AllDigits(text.substr(4, 4)) || text[8] != '-') return false;
  return AllDigits(text.substr(9));
}

bool IsTechniqueId(std::string_view text) {
  if (text.size() != 5 && text.size() != 9) return false;
  if (text[0] != 'T' || !AllDigits(text.substr(1, 4))) return false;
  return text.size() == 5 || (text[5] == '.' && AllDigits(text.substr(6)));
}

}  // namespace shrike::extract
