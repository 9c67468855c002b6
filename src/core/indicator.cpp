#include "shrike/indicator.h"

#include <arpa/inet.h>
#include <idn2.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>

#include "core/strings.h"

namespace shrike {
namespace {

constexpr std::array<std::string_view, kIndicatorTypeCount> kTypeNames = {"md5",
                                                                          "sha1",
                                                                          "sha256",
                                                                          "sha512",
                                                                          "ssdeep",
                                                                          "imphash",
                                                                          "domain",
                                                                          "ipv4",
                                                                          "ipv6",
                                                                          "cidr",
                                                                          "url",
                                                                          "email",
                                                                          "filename",
                                                                          "filename-regex",
                                                                          "cert-sha1",
                                                                          "cert-sha256",
                                                                          "cert-serial",
                                                                          "cve",
                                                                          "attack-technique",
                                                                          "malware",
                                                                          "tool",
                                                                          "actor"};

bool AllHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return IsHexDigit(c); });
}

Error Invalid(IndicatorType type, std::string_view value, std::string_view why) {
  return Error(ErrorCode::kParse, "invalid " + std::string(IndicatorTypeName(type)) + " '" +
                                      std::string(value.substr(0, 200)) + "': " + std::string(why));
}

Result<std::string> NormalizeHex(IndicatorType type, std::string_view v, std::size_t len,
                                 bool allow_separators) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (allow_separators && (c == ':' || c == ' ' || c == '-')) continue;
    out.push_back(AsciiLower(c));
  }
  if (!AllHex(out)) return Invalid(type, v, "not hexadecimal");
  if (len != 0 && out.size() != len) {
    return Invalid(type, v, "expected " + std::to_string(len) + " hex digits");
  }
  if (out.empty()) return Invalid(type, v, "empty");
  return out;
}

Result<std::string> NormalizeDomain(std::string_view v) {
  std::string d(v);
  while (!d.empty() && d.back() == '.') d.pop_back();
  bool ascii = std::all_of(d.begin(), d.end(), [](unsigned char c) { return c < 0x80; });
  if (!ascii) {
    char* out = nullptr;
    int rc = idn2_to_ascii_8z(d.c_str(), &out, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
    if (rc != IDN2_OK) return Invalid(IndicatorType::kDomain, v, idn2_strerror(rc));
    d = out;
    idn2_free(out);
  }
  d = AsciiLower(d);
  if (d.size() > 253) return Invalid(IndicatorType::kDomain, v, "longer than 253 characters");
  if (d.find('.') == std::string::npos) return Invalid(IndicatorType::kDomain, v, "no dot");
  std::size_t start = 0;
  while (start <= d.size()) {
    std::size_t end = d.find('.', start);
    if (end == std::string::npos) end = d.size();
    std::string_view label(d.data() + start, end - start);
    if (label.empty() || label.size() > 63) {
      return Invalid(IndicatorType::kDomain, v, "empty or over-long label");
    }
    for (char c : label) {
      if (!IsAlnum(c) && c != '-' && c != '_') {
        return Invalid(IndicatorType::kDomain, v, "character not allowed in a host name");
      }
    }
    start = end + 1;
  }
  return d;
}

Result<std::string> NormalizeIp(IndicatorType type, std::string_view v) {
  std::string s(v);
  unsigned char buf[16];
  char text[INET6_ADDRSTRLEN];
  int af = type == IndicatorType::kIpv4 ? AF_INET : AF_INET6;
  if (inet_pton(af, s.c_str(), buf) != 1) return Invalid(type, v, "not an address");
  inet_ntop(af, buf, text, sizeof text);
  return std::string(text);
}

Result<std::string> NormalizeCidr(std::string_view v) {
  std::size_t slash = v.find('/');
  if (slash == std::string_view::npos) return Invalid(IndicatorType::kCidr, v, "no /prefix");
  std::string addr(v.substr(0, slash));
  std::string_view plen = v.substr(slash + 1);
  if (plen.empty() || plen.size() > 3 || !std::all_of(plen.begin(), plen.end(), IsDigit)) {
    return Invalid(IndicatorType::kCidr, v, "bad prefix length");
  }
  int prefix = std::atoi(std::string(plen).c_str());
  unsigned char buf[16] = {};
  int af = addr.find(':') != std::string::npos ? AF_INET6 : AF_INET;
  int bits = af == AF_INET ? 32 : 128;
  if (prefix > bits) return Invalid(IndicatorType::kCidr, v, "prefix length too large");
  if (inet_pton(af, addr.c_str(), buf) != 1)
    return Invalid(IndicatorType::kCidr, v, "not an address");
  for (int i = prefix; i < bits; ++i) buf[i / 8] &= static_cast<unsigned char>(~(0x80u >> (i % 8)));
  char text[INET6_ADDRSTRLEN];
  inet_ntop(af, buf, text, sizeof text);
  return std::string(text) + "/" + std::to_string(prefix);
}

Result<std::string> NormalizeUrl(std::string_view v) {
  std::size_t colon = v.find("://");
  if (colon == std::string_view::npos || colon == 0)
    return Invalid(IndicatorType::kUrl, v, "no scheme");
  std::string out = AsciiLower(v.substr(0, colon)) + "://";
  std::string_view rest = v.substr(colon + 3);
  std::size_t host_end = rest.find_first_of("/?#");
  if (host_end == std::string_view::npos) host_end = rest.size();
  std::string_view authority = rest.substr(0, host_end);
  if (authority.empty()) return Invalid(IndicatorType::kUrl, v, "no host");
  std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    out += std::string(authority.substr(0, at + 1));
    authority = authority.substr(at + 1);
  }
  out += AsciiLower(authority);
  out += std::string(rest.substr(host_end));
  for (unsigned char c : out) {
    if (c <= 0x20 || c == 0x7f)
      return Invalid(IndicatorType::kUrl, v, "control or space character");
  }
  return out;
}

Result<std::string> NormalizeEmail(std::string_view v) {
  std::size_t at = v.rfind('@');
  if (at == std::string_view::npos || at == 0)
    return Invalid(IndicatorType::kEmail, v, "no local part");
  auto domain = NormalizeDomain(v.substr(at + 1));
  if (!domain.ok()) return Invalid(IndicatorType::kEmail, v, "bad domain");
  return std::string(v.substr(0, at + 1)) + *domain;
}

Result<std::string> NormalizeCve(std::string_view v) {
  std::string s = AsciiUpper(v);
  if (s.size() < 13 || s.compare(0, 4, "CVE-") != 0 || s[8] != '-') {
    return Invalid(IndicatorType::kCve, v, "expected CVE-YYYY-NNNN");
  }
  for (std::size_t i = 4; i < s.size(); ++i) {
    if (i != 8 && !IsDigit(s[i])) return Invalid(IndicatorType::kCve, v, "expected digits");
  }
  return s;
}

Result<std::string> NormalizeTechnique(std::string_view v) {
  std::string s = AsciiUpper(v);
  bool ok = s.size() >= 5 && (s[0] == 'T') && std::all_of(s.begin() + 1, s.begin() + 5, IsDigit);
  if (ok && s.size() > 5) {
    ok = s.size() == 9 && s[5] == '.' && std::all_of(s.begin() + 6, s.end(), IsDigit);
  }
  if (!ok) return Invalid(IndicatorType::kAttackTechnique, v, "expected T1234 or T1234.001");
  return s;
}

Result<std::string> NormalizeName(IndicatorType type, std::string_view v) {
  std::string out;
  bool space = false;
  for (char c : Trim(v)) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  if (out.empty()) return Invalid(type, v, "empty");
  return out;
}

// days_from_civil, Howard Hinnant's algorithm.
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool ReadDigits(std::string_view s, std::size_t& pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!IsDigit(s[pos + i])) return false;
    out = out * 10 + (s[pos + i] - '0');
  }
  pos += n;
  return true;
}

}  // namespace

std::string_view IndicatorTypeName(IndicatorType type) {
  return kTypeNames[static_cast<std::size_t>(type)];
}

std::optional<IndicatorType> ParseIndicatorType(std::string_view name) {
  std::string lower = AsciiLower(Trim(name));
  for (int i = 0; i < kIndicatorTypeCount; ++i) {
    if (kTypeNames[i] == lower) return static_cast<IndicatorType>(i);
  }
  if (lower == "ip" || lower == "ip4" || lower == "ip-dst" || lower == "ip-src")
    return IndicatorType::kIpv4;
  if (lower == "hostname" || lower == "fqdn" || lower == "domain-name")
    return IndicatorType::kDomain;
  if (lower == "sha-256") return IndicatorType::kSha256;
  if (lower == "sha-1") return IndicatorType::kSha1;
  if (lower == "sha-512") return IndicatorType::kSha512;
  if (lower == "email-addr" || lower == "email-src" || lower == "email-dst")
    return IndicatorType::kEmail;
  if (lower == "link" || lower == "uri") return IndicatorType::kUrl;
  if (lower == "vulnerability") return IndicatorType::kCve;
  if (lower == "technique" || lower == "attack-pattern") return IndicatorType::kAttackTechnique;
  if (lower == "intrusion-set" || lower == "threat-actor") return IndicatorType::kActor;
  return std::nullopt;
}

bool IsFileDigest(IndicatorType t) {
  return t == IndicatorType::kMd5 || t == IndicatorType::kSha1 || t == IndicatorType::kSha256 ||
         t == IndicatorType::kSha512;
}

bool IsObservable(IndicatorType t) {
  return t != IndicatorType::kMalware && t != IndicatorType::kTool && t != IndicatorType::kActor;
}

std::string_view EntityKindName(EntityKind kind) {
  switch (kind) {
    case EntityKind::kActor: return "actor";
    case EntityKind::kCampaign: return "campaign";
    case EntityKind::kMalware: return "malware";
    case EntityKind::kTool: return "tool";
    case EntityKind::kTechnique: return "technique";
    case EntityKind::kVictim: return "victim";
    case EntityKind::kReport: return "report";
  }
  return "unknown";
}

UnixTime ParseIsoTime(std::string_view s) {
  s = Trim(s);
  std::size_t pos = 0;
  int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  if (!ReadDigits(s, pos, 4, year)) return kNoTime;
  if (pos < s.size() && s[pos] == '-') {
    ++pos;
    if (!ReadDigits(s, pos, 2, month)) return kNoTime;
    if (pos < s.size() && s[pos] == '-') {
      ++pos;
      if (!ReadDigits(s, pos, 2, day)) return kNoTime;
    }
  }
  if (month < 1 || month > 12 || day < 1 || day > 31) return kNoTime;
  int offset_seconds = 0;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == 't' || s[pos] == ' ')) {
    ++pos;
    if (!ReadDigits(s, pos, 2, hour)) return kNoTime;
    if (pos >= s.size() || s[pos] != ':') return kNoTime;
    ++pos;
    if (!ReadDigits(s, pos, 2, minute)) return kNoTime;
    if (pos < s.size() && s[pos] == ':') {
      ++pos;
      if (!ReadDigits(s, pos, 2, second)) return kNoTime;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        while (pos < s.size() && IsDigit(s[pos])) ++pos;
      }
    }
    if (hour > 23 || minute > 59 || second > 60) return kNoTime;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
      ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
      int sign = s[pos] == '-' ? -1 : 1;
      ++pos;
      int oh = 0, om = 0;
      if (!ReadDigits(s, pos, 2, oh)) return kNoTime;
      if (pos < s.size() && s[pos] == ':') ++pos;
      if (pos < s.size() && !ReadDigits(s, pos, 2, om)) return kNoTime;
      offset_seconds = sign * (oh * 3600 + om * 60);
    }
  }
  if (pos != s.size()) return kNoTime;
  return DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second -
         offset_seconds;
}

std::string FormatIsoTime(UnixTime t) {
  if (t == kNoTime) return "";
  std::int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  std::int64_t secs = t - days * 86400;
  // civil_from_days
  std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(y), m,
                d, static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                static_cast<int>(secs % 60));
  return buf;
}

const IndicatorContext& Indicator::ctx() const {
  static const IndicatorContext kEmpty;
  return context ? *context : kEmpty;
}

const Entity* Intel::FindEntity(EntityKind kind, std::string_view entity_name) const {
  for (const Entity& e : entities) {
    if (e.kind == kind && e.name == entity_name) return &e;
  }
  return nullptr;
}

void Intel::Merge(Intel other) {
  indicators.insert(indicators.end(), std::make_move_iterator(other.indicators.begin()),
                    std::make_move_iterator(other.indicators.end()));
  for (Entity& e : other.entities) {
    if (FindEntity(e.kind, e.name) == nullptr) entities.push_back(std::move(e));
  }
  if (name.empty()) name = std::move(other.name);
}

Result<std::string> NormalizeValue(IndicatorType type, std::string_view raw) {
  std::string_view v = Trim(raw);
  if (v.empty()) return Invalid(type, raw, "empty");
  switch (type) {
    case IndicatorType::kMd5: return NormalizeHex(type, v, 32, false);
    case IndicatorType::kSha1: return NormalizeHex(type, v, 40, false);
    case IndicatorType::kSha256: return NormalizeHex(type, v, 64, false);
    case IndicatorType::kSha512: return NormalizeHex(type, v, 128, false);
    case IndicatorType::kImphash: return NormalizeHex(type, v, 32, false);
    case IndicatorType::kCertSha1: return NormalizeHex(type, v, 40, true);
    case IndicatorType::kCertSha256: return NormalizeHex(type, v, 64, true);
    case IndicatorType::kCertSerial: return NormalizeHex(type, v, 0, true);
    case IndicatorType::kSsdeep:
      if (std::count(v.begin(), v.end(), ':') != 2) return Invalid(type, v, "expected N:hash:hash");
      return std::string(v);
    case IndicatorType::kDomain: return NormalizeDomain(v);
    case IndicatorType::kIpv4:
    case IndicatorType::kIpv6: return NormalizeIp(type, v);
    case IndicatorType::kCidr: return NormalizeCidr(v);
    case IndicatorType::kUrl: return NormalizeUrl(v);
    case IndicatorType::kEmail: return NormalizeEmail(v);
    case IndicatorType::kCve: return NormalizeCve(v);
    case IndicatorType::kAttackTechnique: return NormalizeTechnique(v);
    case IndicatorType::kFilename:
    case IndicatorType::kFilenameRegex: return std::string(v);
    case IndicatorType::kMalware:
    case IndicatorType::kTool:
    case IndicatorType::kActor: return NormalizeName(type, v);
  }
  return Invalid(type, v, "unknown type");
}

}  // namespace shrike
