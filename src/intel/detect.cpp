// Format detection from content, and type inference for bare values.
//
// Content decides; the file name only breaks ties (an unparseable document
// that could be JSON, a file that matches no line-oriented format).
#include <arpa/inet.h>

#include <algorithm>

#include "core/strings.h"
#include "intel/csv.h"
#include "intel/formats_common.h"
#include "shrike/extract.h"
#include "shrike/intel_io.h"

namespace shrike {
namespace intel_internal {
namespace {

bool AllHex(std::string_view s) { return std::all_of(s.begin(), s.end(), IsHexDigit); }

bool IsAddress(int family, std::string_view v) {
  if (v.size() >= INET6_ADDRSTRLEN) return false;
  std::string s(v);
  unsigned char buf[16];
  return inet_pton(family, s.c_str(), buf) == 1;
}

bool IsTechniqueId(std::string_view v) {
  if (v.size() != 5 && v.size() != 9) return false;
  if (AsciiUpper(v[0]) != 'T') return false;
  for (std::size_t i = 1; i < v.size(); ++i) {
    if (!(i == 5 ? v[i] == '.' : IsDigit(v[i]))) return false;
  }
  return true;
}

std::optional<IndicatorType> HashTypeByLength(std::size_t n) {
  switch (n) {
    case 32: return IndicatorType::kMd5;
    case 40: return IndicatorType::kSha1;
    case 64: return IndicatorType::kSha256;
    case 128: return IndicatorType::kSha512;
    default: return std::nullopt;
  }
}

}  // namespace

std::optional<IndicatorType> InferIndicatorType(std::string_view v) {
  v = Trim(v);
  if (v.empty()) return std::nullopt;
  if (AllHex(v)) {
    if (auto t = HashTypeByLength(v.size())) return t;
  }
  if (v.find("://") != std::string_view::npos) return IndicatorType::kUrl;
  if (StartsWithIgnoreCase(v, "CVE-")) return IndicatorType::kCve;
  if (IsTechniqueId(v)) return IndicatorType::kAttackTechnique;
  if (v.find('@') != std::string_view::npos) return IndicatorType::kEmail;
  std::size_t slash = v.find('/');
  if (slash != std::string_view::npos) {
    std::string_view addr = v.substr(0, slash);
    bool ip = IsAddress(AF_INET, addr) || IsAddress(AF_INET6, addr);
    return ip ? std::optional(IndicatorType::kCidr) : std::nullopt;
  }
  if (IsAddress(AF_INET, v)) return IndicatorType::kIpv4;
  // Digits and dots only: a (possibly bad) address, never a host name.
  if (v.find_first_not_of("0123456789.") == std::string_view::npos) return IndicatorType::kIpv4;
  if (IsAddress(AF_INET6, v)) return IndicatorType::kIpv6;
  if (std::count(v.begin(), v.end(), ':') == 2 && IsDigit(v[0])) return IndicatorType::kSsdeep;
  bool hostish =
      v.find('.') != std::string_view::npos && std::all_of(v.begin(), v.end(), [](char c) {
        return IsAlnum(c) || c == '-' || c == '.' || c == '_' ||
               static_cast<unsigned char>(c) >= 0x80;
      });
  return hostish ? std::optional(IndicatorType::kDomain) : std::nullopt;
}

std::string MaybeRefang(std::string_view value) {
  bool marked = std::any_of(value.begin(), value.end(), [](char c) {
    switch (c) {
      case '[':
      case ']':
      case '(':
      case ')':
      case '{':
      case '}':
      case '<':
      case '>':
      case '\\':
      case ' ':
      case '\t':
      case ',':
      case '*': return true;
      default: return static_cast<unsigned char>(c) >= 0x80;
    }
  });
  std::size_t scheme_end = value.find("://");
  if (!marked && scheme_end != std::string_view::npos) {
    std::string scheme = AsciiLower(value.substr(0, scheme_end));
    marked = scheme.find("xx") != std::string::npos || scheme.rfind("fxp", 0) == 0;
  }
  return marked ? Refang(value) : std::string(value);
}

IndicatorType RefineAddressType(IndicatorType type, std::string_view value) {
  if (type != IndicatorType::kIpv4 && type != IndicatorType::kIpv6) return type;
  value = Trim(value);
  if (value.find('/') != std::string_view::npos) return IndicatorType::kCidr;
  return value.find(':') != std::string_view::npos ? IndicatorType::kIpv6 : IndicatorType::kIpv4;
}

}  // namespace intel_internal

namespace {

using intel_internal::InferIndicatorType;

constexpr std::size_t kMaxScanLines = 100000;
constexpr std::size_t kSniffOnlyAbove = std::size_t{16} << 20;

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && EqualsIgnoreCase(s.substr(s.size() - suffix.size()), suffix);
}

IntelFormat DetectJsonShape(simdjson::dom::element root) {
  simdjson::dom::array arr;
  if (root.get(arr) == simdjson::SUCCESS) {
    for (simdjson::dom::element el : arr) {
      auto obj = intel_internal::JsonObject(el);
      if (!obj) break;
      if (intel_internal::JsonHas(*obj, "Event") || intel_internal::JsonHas(*obj, "Attribute"))
        return IntelFormat::kMisp;
      if (intel_internal::JsonHas(*obj, "spec_version")) return IntelFormat::kStix;
      break;
    }
    return IntelFormat::kUnknown;
  }
  auto obj = intel_internal::JsonObject(root);
  if (!obj) return IntelFormat::kUnknown;
  if (intel_internal::JsonString(*obj, "type") == "bundle" ||
      intel_internal::JsonHas(*obj, "objects") || intel_internal::JsonHas(*obj, "spec_version"))
    return IntelFormat::kStix;
  if (intel_internal::JsonHas(*obj, "Event") || intel_internal::JsonHas(*obj, "response"))
    return IntelFormat::kMisp;
  if (intel_internal::JsonHas(*obj, "indicators")) return IntelFormat::kJson;
  return IntelFormat::kUnknown;
}

// A document that does not parse is routed by the keys it shows, so that its
// reader reports where it breaks instead of the prose extractor eating it.
IntelFormat DetectBrokenJson(std::string_view path, std::string_view text) {
  std::string_view head = text.substr(0, 4096);
  if (head.find("\"Event\"") != std::string_view::npos ||
      head.find("\"response\"") != std::string_view::npos)
    return IntelFormat::kMisp;
  if (head.find("\"spec_version\"") != std::string_view::npos ||
      head.find("\"bundle\"") != std::string_view::npos)
    return IntelFormat::kStix;
  if (head.find("\"indicators\"") != std::string_view::npos) return IntelFormat::kJson;
  if (EndsWith(path, ".json")) return IntelFormat::kJson;
  return IntelFormat::kUnknown;
}

IntelFormat DetectJson(std::string_view path, std::string_view text) {
  // A large document is recognised by the keys near its start rather than
  // parsed twice (here and by its reader).
  if (text.size() > kSniffOnlyAbove) {
    IntelFormat sniffed = DetectBrokenJson("", text);
    if (sniffed != IntelFormat::kUnknown) return sniffed;
  }
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(text.data(), text.size()).get(root) != simdjson::SUCCESS) {
    return DetectBrokenJson(path, text);
  }
  IntelFormat shape = DetectJsonShape(root);
  return shape == IntelFormat::kUnknown ? IntelFormat::kProse : shape;
}

// What one non-comment line of a line-oriented file can be.
struct LineKinds {
  bool value = false;     // a single indicator value
  bool c2 = false;        // a domain/address, or that plus ";description"
  bool hash = false;      // "hash" or "hash;description"
  bool filename = false;  // "regex;score[;fp-regex]"
  bool semicolon = false;
};

LineKinds ClassifyLine(std::string_view line) {
  LineKinds k;
  std::size_t semi = line.find(';');
  k.semicolon = semi != std::string_view::npos;
  std::string_view first = Trim(line.substr(0, semi));
  auto type = InferIndicatorType(intel_internal::MaybeRefang(first));
  bool single = first.find_first_of(" \t") == std::string_view::npos;
  k.value = !k.semicolon && single && type.has_value();
  k.hash = single && type && IsFileDigest(*type) && *type != IndicatorType::kSha512;
  k.c2 = single && type &&
         (*type == IndicatorType::kDomain || *type == IndicatorType::kIpv4 ||
          *type == IndicatorType::kIpv6 || *type == IndicatorType::kCidr);
  if (k.semicolon) {
    auto parts = Split(line, ';');
    k.filename = (parts.size() == 2 || parts.size() == 3) && !first.empty() &&
                 intel_internal::ParseInt(parts[1], 0, 10000).has_value();
  }
  return k;
}

// The value part of a list line: a trailing "# comment" is not part of it.
std::string_view StripTrailingComment(std::string_view line) {
  std::size_t hash = line.find(" #");
  if (hash == std::string_view::npos) hash = line.find("\t#");
  return Trim(hash == std::string_view::npos ? line : line.substr(0, hash));
}

IntelFormat DetectLines(std::string_view path, std::string_view text) {
  bool all_value = true, all_c2 = true, all_hash = true, all_filename = true, any_semi = false;
  std::size_t lines = 0;
  for (std::string_view raw : Split(text, '\n')) {
    std::string_view line = Trim(raw);
    if (line.empty() || line[0] == '#' || line.substr(0, 2) == "//") continue;
    if (++lines > kMaxScanLines) break;
    LineKinds k = ClassifyLine(StripTrailingComment(line));
    all_value &= k.value;
    all_c2 &= k.c2;
    all_hash &= k.hash;
    all_filename &= k.filename;
    any_semi |= k.semicolon;
    if (!all_value && !all_c2 && !all_hash && !all_filename) return IntelFormat::kProse;
  }
  if (lines == 0) return IntelFormat::kList;
  if (any_semi && all_hash) return IntelFormat::kLokiHash;
  if (any_semi && all_filename) return IntelFormat::kLokiFilename;
  if (any_semi && all_c2) return IntelFormat::kLokiC2;
  if (all_value) {
    bool c2_name = AsciiLower(intel_internal::BaseName(path)).find("c2") != std::string::npos;
    return all_c2 && c2_name ? IntelFormat::kLokiC2 : IntelFormat::kList;
  }
  return IntelFormat::kProse;
}

}  // namespace

IntelFormat DetectIntelFormat(std::string_view path, std::string_view content) {
  std::string_view text = content;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && (text[first] == '{' || text[first] == '[')) {
    IntelFormat f = DetectJson(path, text);
    return f == IntelFormat::kUnknown ? IntelFormat::kProse : f;
  }
  std::size_t first_end = text.find('\n');
  std::string_view first_line = Trim(text.substr(0, first_end));
  if (!first_line.empty() && first_line[0] != '#' && intel_internal::IsIntelCsvHeader(first_line)) {
    return IntelFormat::kCsv;
  }
  IntelFormat lines = DetectLines(path, text);
  if (lines == IntelFormat::kProse && EndsWith(path, ".csv")) return IntelFormat::kCsv;
  return lines;
}

}  // namespace shrike
