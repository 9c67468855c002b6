#include "intel/stix/stix_common.h"

#include <cstdio>

#include "core/strings.h"
#include "core/uuid.h"

namespace shrike::stix {
namespace {

Comparison Make(std::string object_type, std::vector<std::string> path, std::string_view value,
                std::string op = "=") {
  Comparison c;
  c.object_type = std::move(object_type);
  c.path = std::move(path);
  c.op = std::move(op);
  c.value.text = std::string(value);
  return c;
}

// Upper-case without '-' or '_': "SHA-256", "sha256" and "SHA_256" compare equal.
std::string CanonicalAlgorithm(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c != '-' && c != '_') out.push_back(AsciiUpper(c));
  }
  return out;
}

bool PathIs(const Comparison& c, std::string_view type, std::initializer_list<std::string_view> p) {
  if (c.object_type != type || c.path.size() != p.size()) return false;
  std::size_t i = 0;
  for (std::string_view step : p) {
    if (c.path[i++] != step) return false;
  }
  return true;
}

std::optional<IndicatorType> AddressType(const Comparison& atom) {
  bool v4 = atom.object_type == "ipv4-addr";
  if (atom.value.text.find('/') != std::string::npos) return IndicatorType::kCidr;
  return v4 ? IndicatorType::kIpv4 : IndicatorType::kIpv6;
}

}  // namespace

std::optional<Comparison> ComparisonFor(IndicatorType type, std::string_view v) {
  using T = IndicatorType;
  switch (type) {
    case T::kMd5: return Make("file", {"hashes", "MD5"}, v);
    case T::kSha1: return Make("file", {"hashes", "SHA-1"}, v);
    case T::kSha256: return Make("file", {"hashes", "SHA-256"}, v);
    case T::kSha512: return Make("file", {"hashes", "SHA-512"}, v);
    case T::kSsdeep: return Make("file", {"hashes", "SSDEEP"}, v);
    case T::kImphash: return Make("file", {"extensions", "windows-pebinary-ext", "imphash"}, v);
    case T::kDomain: return Make("domain-name", {"value"}, v);
    case T::kIpv4: return Make("ipv4-addr", {"value"}, v);
    case T::kIpv6: return Make("ipv6-addr", {"value"}, v);
    case T::kCidr:
      return Make(v.find(':') != std::string_view::npos ? "ipv6-addr" : "ipv4-addr", {"value"}, v);
    case T::kUrl: return Make("url", {"value"}, v);
    case T::kEmail: return Make("email-addr", {"value"}, v);
    case T::kFilename: return Make("file", {"name"}, v);
    case T::kFilenameRegex: return Make("file", {"name"}, v, "MATCHES");
    case T::kCertSha1: return Make("x509-certificate", {"hashes", "SHA-1"}, v);
    case T::kCertSha256: return Make("x509-certificate", {"hashes", "SHA-256"}, v);
    case T::kCertSerial: return Make("x509-certificate", {"serial_number"}, v);
    default: return std::nullopt;
  }
}

std::optional<IndicatorType> TypeForHashName(std::string_view object_type,
                                             std::string_view algorithm) {
  std::string a = CanonicalAlgorithm(algorithm);
  if (object_type == "x509-certificate") {
    if (a == "SHA1") return IndicatorType::kCertSha1;
    if (a == "SHA256") return IndicatorType::kCertSha256;
    return std::nullopt;
  }
  if (object_type != "file" && object_type != "artifact") return std::nullopt;
  if (a == "MD5") return IndicatorType::kMd5;
  if (a == "SHA1") return IndicatorType::kSha1;
  if (a == "SHA256") return IndicatorType::kSha256;
  if (a == "SHA512") return IndicatorType::kSha512;
  if (a == "SSDEEP") return IndicatorType::kSsdeep;
  return std::nullopt;
}

std::optional<IndicatorType> TypeForAtom(const Comparison& atom) {
  if (atom.value.kind != LiteralKind::kString) return std::nullopt;
  if (atom.op == "MATCHES") {
    if (PathIs(atom, "file", {"name"})) return IndicatorType::kFilenameRegex;
    return std::nullopt;
  }
  const std::string& t = atom.object_type;
  if (atom.path.size() == 2 && atom.path[0] == "hashes") return TypeForHashName(t, atom.path[1]);
  if (PathIs(atom, "file", {"extensions", "windows-pebinary-ext", "imphash"}))
    return IndicatorType::kImphash;
  if (PathIs(atom, "file", {"name"})) return IndicatorType::kFilename;
  if (PathIs(atom, "x509-certificate", {"serial_number"})) return IndicatorType::kCertSerial;
  if (PathIs(atom, "domain-name", {"value"})) return IndicatorType::kDomain;
  if (PathIs(atom, "ipv4-addr", {"value"}) || PathIs(atom, "ipv6-addr", {"value"}))
    return AddressType(atom);
  if (PathIs(atom, "url", {"value"})) return IndicatorType::kUrl;
  if (PathIs(atom, "email-addr", {"value"}) ||
      PathIs(atom, "email-message", {"from_ref", "value"}) ||
      PathIs(atom, "email-message", {"sender_ref", "value"}))
    return IndicatorType::kEmail;
  return std::nullopt;
}

std::string ContextKey(const IndicatorContext& c) {
  // Length-prefixed fields: no choice of field contents makes two different
  // contexts collide.
  std::string key;
  auto add = [&key](std::string_view field) {
    key += std::to_string(field.size());
    key += ':';
    key += field;
  };
  for (std::string_view f :
       {std::string_view(c.campaign), std::string_view(c.actor), std::string_view(c.malware_family),
        std::string_view(c.tool), std::string_view(c.source), std::string_view(c.description)}) {
    add(f);
  }
  add(std::to_string(c.confidence) + "," + std::to_string(c.first_seen) + "," +
      std::to_string(c.last_seen));
  add(std::to_string(c.aliases.size()));
  for (const std::string& s : c.aliases) add(s);
  for (const std::string& s : c.tags) add(s);
  return key;
}

std::string StixId(std::string_view type, std::string_view key) {
  std::string name = std::string(type) + "|" + std::string(key);
  return std::string(type) + "--" + UuidV5(kShrikeNamespace, name);
}

std::string StixTimestamp(UnixTime t, int extra_millis) {
  std::string s = FormatIsoTime(t);  // "YYYY-MM-DDTHH:MM:SSZ"
  // Years outside 0000..9999 have no STIX timestamp.
  if (s.size() != 20 || s.back() != 'Z') return std::string(kDefaultTimestamp);
  char millis[8];
  std::snprintf(millis, sizeof millis, ".%03dZ", extra_millis % 1000);
  s.pop_back();
  return s + millis;
}

}  // namespace shrike::stix
