// Warninglists: the built-in lists, lookups and the MISP warninglist loader.
//
// All comparisons are ASCII case-insensitive: values are normalised to lower
// case already, and MISP lists mix cases (the IANA TLD list is upper case).
#include "shrike/warninglist.h"

#include <openssl/evp.h>
#include <simdjson.h>

#include <algorithm>
#include <bitset>
#include <filesystem>

#include "core/strings.h"
#include "intel/warninglist_literals.h"
#include "intel/warninglist_tables.h"
#include "shrike/io.h"

namespace shrike {

using intel_internal::CidrTable;
using intel_internal::KeyedLists;
using intel_internal::Literal;
using intel_internal::LiteralMatcher;
using intel_internal::U128;

namespace {

using TypeSet = std::bitset<kIndicatorTypeCount>;

TypeSet Types(std::initializer_list<IndicatorType> types) {
  TypeSet set;
  for (IndicatorType t : types) set.set(static_cast<std::size_t>(t));
  return set;
}

// MISP attribute types -> the indicator types a list for them applies to. A
// list for ip-src/ip-dst also covers addresses in URLs; "domain|ip" both.
TypeSet MispAttributeTypes(std::string_view attr) {
  using T = IndicatorType;
  std::size_t bar = attr.find('|');
  if (bar != std::string_view::npos && attr.substr(0, bar) == "filename") {
    attr = attr.substr(bar + 1);  // filename|md5 -> md5
  }
  if (attr == "md5") return Types({T::kMd5});
  if (attr == "sha1") return Types({T::kSha1});
  if (attr == "sha256") return Types({T::kSha256});
  if (attr == "sha512") return Types({T::kSha512});
  if (attr == "ssdeep") return Types({T::kSsdeep});
  if (attr == "imphash") return Types({T::kImphash});
  if (attr == "domain" || attr == "hostname") return Types({T::kDomain});
  if (attr.substr(0, 5) == "ip-sr" || attr.substr(0, 5) == "ip-ds") {
    return Types({T::kIpv4, T::kIpv6, T::kCidr, T::kUrl});
  }
  if (attr == "domain|ip") return Types({T::kDomain, T::kIpv4, T::kIpv6, T::kCidr, T::kUrl});
  if (attr == "url" || attr == "uri" || attr == "link") return Types({T::kUrl});
  if (attr == "email" || attr == "email-src" || attr == "email-dst") return Types({T::kEmail});
  if (attr == "filename") return Types({T::kFilename});
  if (attr == "x509-fingerprint-sha1") return Types({T::kCertSha1});
  if (attr == "x509-fingerprint-sha256") return Types({T::kCertSha256});
  if (attr == "vulnerability") return Types({T::kCve});
  return {};
}

// The digest of the empty input, lower-case hex.
std::string EmptyDigest(const EVP_MD* md) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest("", 0, out, &len, md, nullptr) != 1) return {};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    hex.push_back(kHex[out[i] >> 4]);
    hex.push_back(kHex[out[i] & 15]);
  }
  return hex;
}

// The host of a (lower-cased) URL: after "scheme://", before path, query or
// fragment, without userinfo, port or IPv6 brackets.
std::string_view UrlHost(std::string_view url) {
  std::size_t scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  std::size_t at = rest.rfind('@');
  if (at != std::string_view::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest.front() == '[') return rest.substr(1, rest.find(']') - 1);
  return rest.substr(0, rest.find(':'));
}

// Hostname list entries: lower case, without "*." / leading or trailing dots.
std::string HostKey(std::string_view value) {
  value = Trim(value);
  if (value.substr(0, 2) == "*.") value.remove_prefix(2);
  while (!value.empty() && value.front() == '.') value.remove_prefix(1);
  while (!value.empty() && value.back() == '.') value.remove_suffix(1);
  // Values are normalised to A-labels; so must a Unicode list entry be.
  bool ascii = std::all_of(value.begin(), value.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!ascii) {
    if (auto alabel = NormalizeValue(IndicatorType::kDomain, value); alabel.ok()) return *alabel;
  }
  return AsciiLower(value);
}

// Digest lists mix md5, sha1, ... values; a value of the wrong length for
// its type is no digest of that type and matches nothing.
bool FitsDigestLength(IndicatorType type, std::size_t size) {
  switch (type) {
    case IndicatorType::kMd5: return size == 32;
    case IndicatorType::kSha1: return size == 40;
    case IndicatorType::kSha256: return size == 64;
    case IndicatorType::kSha512: return size == 128;
    default: return true;
  }
}

Location FileLocation(const std::string& file) {
  Location where;
  where.file = file;
  return where;
}

constexpr std::size_t kMaxEntryWarnings = 10;
// Few substrings are cheaper to look for one by one than through Vectorscan.
constexpr std::size_t kSubstringDbThreshold = 16;

}  // namespace

struct Warninglists::Impl {
  struct List {
    std::string name;
    TypeSet types;
  };
  std::vector<List> lists;
  KeyedLists exact;  // lists of type string
  KeyedLists hosts;  // lists of type hostname: the value and its subdomains
  CidrTable<std::uint32_t, 32> v4;
  CidrTable<U128, 128> v6;
  std::vector<std::pair<std::string, std::uint32_t>> substrings;
  LiteralMatcher substring_db;
  bool use_substring_db = false;  // else (few substrings, or compile failed) loop

  std::uint32_t AddList(std::string name, TypeSet types) {
    lists.push_back({std::move(name), types});
    return static_cast<std::uint32_t>(lists.size() - 1);
  }

  bool AddCidr(std::uint32_t list, std::string_view text) {
    text = Trim(text);
    if (auto net = intel_internal::ParseIpv4Net(text)) {
      v4.Add(net->network, net->prefix, list);
    } else if (auto net6 = intel_internal::ParseIpv6Net(text)) {
      v6.Add(net6->network, net6->prefix, list);
    } else {
      return false;
    }
    return true;
  }

  // Adds one list value; false when it is not a valid value of the list type.
  bool AddValue(std::string_view type, std::uint32_t list, std::string_view value) {
    if (Trim(value).empty()) return false;
    if (type == "cidr") return AddCidr(list, value);
    if (type == "substring") {
      substrings.emplace_back(AsciiLower(value), list);
    } else if (type == "hostname") {
      std::string key = HostKey(value);
      if (key.empty()) return false;
      hosts.Add(std::move(key), list);
    } else {
      exact.Add(AsciiLower(Trim(value)), list);
    }
    return true;
  }

  // Adds every string of a MISP list array; bad items are warnings (the
  // first few named by index, then a count) and the rest still loads.
  void AddItems(std::string_view type, std::uint32_t list, simdjson::dom::array items,
                const Location& where, Diagnostics& diags) {
    std::size_t bad = 0, index = 0;
    for (auto item : items) {
      std::string_view value;
      bool ok = item.get_string().get(value) == simdjson::SUCCESS && AddValue(type, list, value);
      if (!ok && ++bad <= kMaxEntryWarnings) {
        Location at = where;
        at.record = "list[" + std::to_string(index) + "]";
        diags.Warn(
            Error(ErrorCode::kParse, "invalid " + std::string(type) + " entry; skipped", at));
      }
      ++index;
    }
    if (bad > kMaxEntryWarnings) {
      diags.Warn(Error(ErrorCode::kParse, std::to_string(bad) + " invalid entries in all", where));
    }
    Finalize();
  }

  void Finalize() {
    v4.Finalize();
    v6.Finalize();
    if (substrings.size() <= kSubstringDbThreshold) return;
    std::vector<Literal> literals;
    for (const auto& s : substrings) literals.push_back({s.first, true});
    use_substring_db = substring_db.Compile(literals).ok();
  }

  auto Applies(IndicatorType type) const {
    return [this, type](std::uint32_t list) {
      return lists[list].types.test(static_cast<std::size_t>(type));
    };
  }

  template <typename F>
  std::optional<std::uint32_t> FindSubstring(std::string_view lower, F&& applies) const {
    std::optional<std::uint32_t> best;
    auto consider = [&](std::uint32_t list) {
      if (applies(list) && (!best || list < *best)) best = list;
    };
    if (use_substring_db) {
      auto on_match = [&](unsigned id, std::size_t) { consider(substrings[id].second); };
      if (substring_db.Scan(lower, on_match).ok()) return best;
    }
    for (const auto& [needle, list] : substrings) {
      if (lower.find(needle) != std::string_view::npos) consider(list);
    }
    return best;
  }

  template <typename F>
  std::optional<std::uint32_t> FindHost(std::string_view host, F&& applies) const {
    while (!host.empty() && host.back() == '.') host.remove_suffix(1);
    while (!host.empty()) {
      if (auto list = hosts.Find(std::string(host), applies)) return list;
      std::size_t dot = host.find('.');
      if (dot == std::string_view::npos) break;
      host.remove_prefix(dot + 1);
    }
    return std::nullopt;
  }

  template <typename F>
  std::optional<std::uint32_t> FindAddress(std::string_view text, F&& applies) const {
    if (auto net = intel_internal::ParseIpv4Net(text)) {
      return v4.Find(net->network, net->prefix, applies);
    }
    if (auto net6 = intel_internal::ParseIpv6Net(text)) {
      return v6.Find(net6->network, net6->prefix, applies);
    }
    return std::nullopt;
  }

  // Lists that compare parts of the value: addresses, hosts in URLs, email domains.
  template <typename F>
  std::optional<std::uint32_t> FindStructured(IndicatorType type, std::string_view lower,
                                              F&& applies) const {
    switch (type) {
      case IndicatorType::kDomain: return FindHost(lower, applies);
      case IndicatorType::kIpv4:
      case IndicatorType::kIpv6:
      case IndicatorType::kCidr: return FindAddress(lower, applies);
      case IndicatorType::kEmail: return FindHost(lower.substr(lower.rfind('@') + 1), applies);
      case IndicatorType::kUrl: {
        std::string_view host = UrlHost(lower);
        if (auto list = FindAddress(host, applies)) return list;
        return FindHost(host, applies);
      }
      default: return std::nullopt;
    }
  }

  std::optional<std::uint32_t> Find(IndicatorType type, std::string_view value) const {
    std::string lower = AsciiLower(Trim(value));
    if (lower.empty() || !FitsDigestLength(type, lower.size())) return std::nullopt;
    auto applies = Applies(type);
    if (auto list = exact.Find(lower, applies)) return list;
    if (auto list = FindStructured(type, lower, applies)) return list;
    return FindSubstring(lower, applies);
  }
};

Warninglists::Warninglists() : impl_(std::make_unique<Impl>()) {}
Warninglists::~Warninglists() = default;
Warninglists::Warninglists(Warninglists&&) noexcept = default;
Warninglists& Warninglists::operator=(Warninglists&&) noexcept = default;

namespace {

// The digests of the empty input, computed once at first use by the same
// library that hashes files rather than typed in.
const std::vector<std::string>& EmptyDigests() {
  static const std::vector<std::string> digests = [] {
    std::vector<std::string> out;
    for (const EVP_MD* md : {EVP_md5(), EVP_sha1(), EVP_sha256(), EVP_sha512()}) {
      out.push_back(EmptyDigest(md));
    }
    return out;
  }();
  return digests;
}

// IANA IPv4 and IPv6 special-purpose address registries (RFC 6890 and updates).
constexpr const char* kSpecialPurposeRanges[] = {
    "0.0.0.0/8",          "10.0.0.0/8",      "100.64.0.0/10",  "127.0.0.0/8",    "169.254.0.0/16",
    "172.16.0.0/12",      "192.0.0.0/24",    "192.0.2.0/24",   "192.88.99.0/24", "192.168.0.0/16",
    "198.18.0.0/15",      "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4",    "240.0.0.0/4",
    "255.255.255.255/32", "::/128",          "::1/128",        "::ffff:0:0/96",  "64:ff9b::/96",
    "100::/64",           "2001:db8::/32",   "fc00::/7",       "fe80::/10",      "ff00::/8"};

// RFC 2606 / RFC 6761: example domains and special-use TLDs, with subdomains.
constexpr const char* kReservedDomains[] = {"example.com", "example.net", "example.org", "example",
                                            "test",        "invalid",     "localhost",   "local"};

}  // namespace

Warninglists Warninglists::Builtin() {
  using T = IndicatorType;
  Warninglists w;
  Impl& impl = *w.impl_;
  std::uint32_t digests =
      impl.AddList("empty-input-digests", Types({T::kMd5, T::kSha1, T::kSha256, T::kSha512}));
  for (const std::string& hex : EmptyDigests()) {
    if (!hex.empty()) impl.exact.Add(hex, digests);
  }
  std::uint32_t iana =
      impl.AddList("iana-special-purpose", Types({T::kIpv4, T::kIpv6, T::kCidr, T::kUrl}));
  for (const char* cidr : kSpecialPurposeRanges) impl.AddCidr(iana, cidr);
  std::uint32_t reserved =
      impl.AddList("reserved-domains", Types({T::kDomain, T::kUrl, T::kEmail}));
  for (const char* host : kReservedDomains) impl.hosts.Add(host, reserved);
  impl.Finalize();
  return w;
}

namespace {

// The fields of a MISP warninglist document that decide how it loads.
struct MispHeader {
  std::string name;
  std::string type = "string";
  TypeSet types;
  simdjson::dom::array list;
};

Result<MispHeader> ReadMispHeader(simdjson::dom::object obj, const std::string& file) {
  MispHeader h;
  Location where = FileLocation(file);
  std::string_view text;
  auto name = obj["name"];
  if (name.error() == simdjson::SUCCESS) {
    if (name.get_string().get(text))
      return Error(ErrorCode::kParse, "'name' is not a string", where);
    h.name = std::string(text);
  }
  if (h.name.empty()) h.name = file;
  auto type = obj["type"];
  if (type.error() == simdjson::SUCCESS) {
    if (type.get_string().get(text))
      return Error(ErrorCode::kParse, "'type' is not a string", where);
    h.type = AsciiLower(text);
  }
  if (obj["list"].get_array().get(h.list)) {
    return Error(ErrorCode::kParse, "no 'list' array", where);
  }
  simdjson::dom::array attrs;
  if (obj["matching_attributes"].get_array().get(attrs) == simdjson::SUCCESS) {
    for (auto attr : attrs) {
      if (attr.get_string().get(text) == simdjson::SUCCESS) h.types |= MispAttributeTypes(text);
    }
  }
  if (h.types.none()) h.types.set();  // no (known) attribute: the list applies to every type
  return h;
}

}  // namespace

Status Warninglists::LoadMispList(std::string_view json, const std::string& file,
                                  Diagnostics& diags) {
  Location where = FileLocation(file);
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json.data(), json.size());
  simdjson::dom::object obj;
  auto err = parser.parse(padded).get_object().get(obj);
  if (err) {
    return Error(ErrorCode::kParse,
                 std::string("not a JSON warninglist object: ") + simdjson::error_message(err),
                 where);
  }
  SHRIKE_TRY(MispHeader h, ReadMispHeader(obj, file));
  if (h.type == "regex") {
    diags.Warn(Error(ErrorCode::kUnsupported,
                     "regex warninglist '" + h.name + "' is not supported; skipped", where));
    return Ok();
  }
  if (h.type != "string" && h.type != "hostname" && h.type != "substring" && h.type != "cidr") {
    return Error(ErrorCode::kUnsupported, "unknown warninglist type '" + h.type + "'", where);
  }
  std::uint32_t list = impl_->AddList(h.name, h.types);
  impl_->AddItems(h.type, list, h.list, where, diags);
  return Ok();
}

Status Warninglists::LoadMispDir(const std::string& dir, Diagnostics& diags) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Error(ErrorCode::kNotFound, "not a directory", FileLocation(dir));
  }
  std::vector<fs::path> files;
  auto opts = fs::directory_options::skip_permission_denied;
  for (fs::recursive_directory_iterator it(dir, opts, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->path().filename() == "list.json" && it->is_regular_file(ec)) files.push_back(*it);
  }
  if (ec) return Error(ErrorCode::kIo, "cannot list: " + ec.message(), FileLocation(dir));
  std::sort(files.begin(), files.end());
  for (const fs::path& path : files) {
    // One bad list does not cost the others: report it and go on.
    Result<std::string> text = ReadFile(path.string());
    if (!text.ok()) {
      diags.Warn(text.error());
      continue;
    }
    Status st = LoadMispList(*text, path.string(), diags);
    if (!st.ok()) diags.Warn(st.error());
  }
  return Ok();
}

std::string_view Warninglists::Match(IndicatorType type, std::string_view value) const {
  auto list = impl_->Find(type, value);
  return list ? std::string_view(impl_->lists[*list].name) : std::string_view();
}

std::size_t Warninglists::list_count() const { return impl_->lists.size(); }

}  // namespace shrike
