#include "logs/prefilter.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "core/strings.h"
#include "logs/matcher.h"

namespace shrike::logs_internal {
namespace {

// The matcher's token characters (ValueMatcher::Text); every value a match
// can hit is made of them.
bool IsTokenChar(char c) {
  return IsAlnum(c) || c == '.' || c == '-' || c == '_' || c == ':' ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool IsTrimChar(char c) { return c == '.' || c == '-' || c == ':'; }

// Whether HitTrimmed would look at anything Hit did not.
bool NeedsTrim(std::string_view token) {
  return IsTrimChar(token.front()) || IsTrimChar(token.back()) ||
         token.find(':') != std::string_view::npos;
}

// Whether a loaded type lets the prefilter run: the types the token lookup
// covers, and the types the log matcher never looks up (names of malware,
// tools and actors, ATT&CK ids, certificates, path regexes: they describe
// the campaign or match files, not log values), which need no candidate.
// URL and file name indicators are matched in logs but not covered by the
// token lookup, so they disable it.
bool Supported(IndicatorType type) {
  switch (type) {
    case IndicatorType::kUrl:
    case IndicatorType::kFilename: return false;
    default: return true;
  }
}

struct Shape {
  bool hex = true;     // only hex digits
  bool alpha = false;  // any letter
  bool ip = true;      // only hex digits, '.' and ':'
  bool dot = false;
  bool colon = false;
};

Shape ShapeOf(std::string_view token) {
  Shape s;
  for (char c : token) {
    bool hex = IsHexDigit(c);
    s.hex = s.hex && hex;
    s.alpha = s.alpha || IsAlpha(c);
    s.dot = s.dot || c == '.';
    s.colon = s.colon || c == ':';
    s.ip = s.ip && (hex || c == '.' || c == ':');
  }
  return s;
}

bool IsIpv6Like(std::string_view v) {
  if (v.size() < 2 || v.size() > 45 || v.find(':') == std::string_view::npos) return false;
  for (char c : v) {
    if (!IsHexDigit(c) && c != ':' && c != '.') return false;
  }
  return v.find("::") != std::string_view::npos || std::count(v.begin(), v.end(), ':') >= 2;
}

// Indicators the literal scan covers: their text is in every line they hit.
bool LiteralSafe(const Indicator& indicator) {
  switch (indicator.type) {
    case IndicatorType::kDomain: return indicator.value.find("xn--") == std::string::npos;
    case IndicatorType::kIpv4:
    case IndicatorType::kMd5:
    case IndicatorType::kSha1:
    case IndicatorType::kSha256:
    case IndicatorType::kSha512:
    case IndicatorType::kImphash: return !indicator.value.empty();
    default: return false;
  }
}

bool HasHighByte(std::string_view line) {
  unsigned char any = 0;
  for (char c : line) any |= static_cast<unsigned char>(c);
  return (any & 0x80) != 0;
}

int StopOnMatch(unsigned, unsigned long long, unsigned long long, unsigned, void*) { return 1; }

// A JSON "\u" or Zeek "\x" escape hides bytes a parser decodes. An escaped
// backslash ("C:\\Users\\u1" in JSON) is a pair, skipped whole.
bool HasDecodedEscape(std::string_view line) {
  for (std::size_t at = line.find('\\'); at != std::string_view::npos && at + 1 < line.size();
       at = line.find('\\', at + 2)) {
    if (line[at + 1] == 'u' || line[at + 1] == 'x') return true;
  }
  return false;
}

}  // namespace

Prefilter::Prefilter(const IntelSet& intel) : intel_(intel) {
  active_ = intel.size() > 0;
  for (int t = 0; t < kIndicatorTypeCount; ++t) {
    auto type = static_cast<IndicatorType>(t);
    if (intel.Has(type) && !Supported(type)) active_ = false;
  }
  digests_ = intel.Has(IndicatorType::kMd5) || intel.Has(IndicatorType::kSha1) ||
             intel.Has(IndicatorType::kSha256) || intel.Has(IndicatorType::kSha512) ||
             intel.Has(IndicatorType::kImphash);
  imphash_ = intel.Has(IndicatorType::kImphash);
  domains_ = intel.Has(IndicatorType::kDomain);
  addresses_ = intel.Has(IndicatorType::kIpv4) || intel.Has(IndicatorType::kIpv6) ||
               intel.Has(IndicatorType::kCidr);
  if (active_ && intel.size() <= kMaxLiterals) CompileLiterals();
}

Prefilter::Prefilter(const Prefilter& other)
    : database_(other.database_),
      intel_(other.intel_),
      active_(other.active_),
      digests_(other.digests_),
      imphash_(other.imphash_),
      domains_(other.domains_),
      addresses_(other.addresses_) {
  hs_scratch_t* scratch = nullptr;
  if (other.scratch_ && hs_clone_scratch(other.scratch_.get(), &scratch) == HS_SUCCESS) {
    scratch_.reset(scratch);
  } else {
    database_.reset();  // token lookup then: same findings, no literal scan
  }
}

// Builds the literal database; false (token lookup stays) when an indicator
// is not literal-safe or Vectorscan fails.
bool Prefilter::CompileLiterals() {
  std::vector<const char*> texts;
  std::vector<std::size_t> lengths;
  std::vector<unsigned> flags, ids;
  for (const Indicator& indicator : intel_.indicators()) {
    if (!LiteralSafe(indicator)) return false;
    texts.push_back(indicator.value.data());
    lengths.push_back(indicator.value.size());
    flags.push_back(HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH);
    ids.push_back(static_cast<unsigned>(ids.size()));
  }
  // An IPv4 address may also be written v4-mapped in hex ("::ffff:2d4c:da0b").
  static constexpr std::string_view kMapped = "::ffff:";
  texts.push_back(kMapped.data());
  lengths.push_back(kMapped.size());
  flags.push_back(HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH);
  ids.push_back(static_cast<unsigned>(ids.size()));
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_lit_multi(texts.data(), flags.data(), ids.data(), lengths.data(),
                           static_cast<unsigned>(texts.size()), HS_MODE_BLOCK, nullptr, &db,
                           &error) != HS_SUCCESS) {
    hs_free_compile_error(error);
    return false;
  }
  std::shared_ptr<const hs_database_t> database(db, DatabaseFree());
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) return false;
  scratch_.reset(scratch);
  database_ = std::move(database);
  return true;
}

bool Prefilter::LiteralCandidate(std::string_view line) const {
  if (HasHighByte(line)) return true;
  hs_error_t rc = hs_scan(database_.get(), line.data(), static_cast<unsigned>(line.size()), 0,
                          scratch_.get(), StopOnMatch, nullptr);
  return rc != HS_SUCCESS;  // HS_SCAN_TERMINATED: a literal; an error: be safe
}

// The token as one whole value (ValueMatcher::ByLook, untrimmed).
bool Prefilter::Hit(std::string_view token) const {
  if (token.size() < 2) return false;
  Shape s = ShapeOf(token);
  if (addresses_ && s.ip && (s.dot || s.colon) && !intel_.MatchIp(token).empty()) return true;
  if (digests_ && s.hex) {
    auto type = DigestTypeOfLength(token.size());
    if (type && !intel_.MatchDigest(*type, token).empty()) return true;
    if (type == IndicatorType::kMd5 && imphash_ &&
        !intel_.MatchDigest(IndicatorType::kImphash, token).empty()) {
      return true;
    }
  }
  return domains_ && s.dot && s.alpha && token.size() >= 4 && !intel_.MatchDomain(token).empty();
}

// The token as ValueMatcher::Token sees it: trimmed of ".-:", split at ':'
// unless it is an IPv6 address ("host:port").
bool Prefilter::HitTrimmed(std::string_view token) const {
  while (!token.empty() && IsTrimChar(token.front())) token.remove_prefix(1);
  while (!token.empty() && IsTrimChar(token.back())) token.remove_suffix(1);
  if (token.size() < 2) return false;
  if (token.find(':') == std::string_view::npos || IsIpv6Like(token)) return Hit(token);
  for (std::string_view part : Split(token, ':')) {
    if (part.size() < token.size() && HitTrimmed(part)) return true;
  }
  return false;
}

bool Prefilter::Candidate(std::string_view line) const {
  if (!active_ || HasDecodedEscape(line)) return true;
  return database_ ? LiteralCandidate(line) : TokenCandidate(line);
}

bool Prefilter::TokenCandidate(std::string_view line) const {
  std::size_t pos = 0;
  while (pos < line.size()) {
    while (pos < line.size() && !IsTokenChar(line[pos])) ++pos;
    std::size_t end = pos;
    while (end < line.size() && IsTokenChar(line[end])) ++end;
    std::string_view token = line.substr(pos, end - pos);
    if (!token.empty() && (Hit(token) || (NeedsTrim(token) && HitTrimmed(token)))) return true;
    // After a backslash ("\n", "\t" in JSON) the parser drops the escaped letter.
    if (token.size() > 1 && pos > 0 && line[pos - 1] == '\\' && HitTrimmed(token.substr(1))) {
      return true;
    }
    pos = end;
  }
  return false;
}

}  // namespace shrike::logs_internal
