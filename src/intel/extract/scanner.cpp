#include "intel/extract/scanner.h"

#include <algorithm>
#include <array>

#include "core/strings.h"
#include "intel/extract/validate.h"

namespace shrike::extract {
namespace {

// Bytes that end a chunk: white space, controls, non-ASCII (URLs stop at the
// first non-ASCII character; folded text leaves no indicator character
// outside ASCII), quotes, angle brackets and the like. A table: this test
// runs on every byte of the input.
struct ByteClasses {
  std::array<bool, 256> chunk_stop{};
  std::array<bool, 256> host{};
  constexpr ByteClasses() {
    for (int c = 0; c < 256; ++c) {
      chunk_stop[c] = c <= 0x20 || c >= 0x7F;
      host[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                c == '-' || c == '_' || c == '.';
    }
    for (char c : std::string_view("\"'<>`|\\{}^"))
      chunk_stop[static_cast<unsigned char>(c)] = true;
  }
};
constexpr ByteClasses kClasses;

bool IsChunkStop(char c) { return kClasses.chunk_stop[static_cast<unsigned char>(c)]; }

bool IsHostChar(char c) { return kClasses.host[static_cast<unsigned char>(c)]; }
bool IsIpv6Char(char c) { return IsHexDigit(c) || c == ':' || c == '.'; }

bool IsUrlScheme(std::string_view s) {
  static constexpr std::array<std::string_view, 7> kSchemes = {"http", "https", "ftp", "ftps",
                                                               "sftp", "ws",    "wss"};
  return std::any_of(kSchemes.begin(), kSchemes.end(),
                     [&](std::string_view k) { return EqualsIgnoreCase(k, s); });
}

// Punctuation that ends a sentence or closes a quote rather than a URL.
constexpr std::string_view kUrlTrailing = ".,;:!?)]}'\"*";

bool IsHashLength(std::size_t n) { return n == 32 || n == 40 || n == 64 || n == 128; }

IndicatorType HashType(std::size_t n) {
  switch (n) {
    case 32: return IndicatorType::kMd5;
    case 40: return IndicatorType::kSha1;
    case 64: return IndicatorType::kSha256;
    default: return IndicatorType::kSha512;
  }
}

bool AllDigitsOrDots(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return IsDigit(c) || c == '.'; });
}

class Scanner {
 public:
  Scanner(std::string_view text, const DefangSpans& defanged) : t_(text), defanged_(defanged) {}

  std::vector<Candidate> Run() && {
    std::size_t i = 0;
    while (i < t_.size()) {
      while (i < t_.size() && IsChunkStop(t_[i])) ++i;
      std::size_t e = i;
      while (e < t_.size() && !IsChunkStop(t_[e])) ++e;
      if (e > i) ScanChunk(i, e);
      i = e;
    }
    return std::move(out_);
  }

 private:
  char At(std::size_t i) const { return i < t_.size() ? t_[i] : '\0'; }

  void Emit(IndicatorType type, std::size_t b, std::size_t e) {
    out_.push_back({type, std::string(t_.substr(b, e - b)), b, e, defanged_.Overlaps(b, e)});
  }

  // A chunk: URLs first (found by their "://"), the rest as plain text.
  void ScanChunk(std::size_t b, std::size_t e) {
    std::size_t pos = b;
    std::size_t search = b;
    while (true) {
      std::size_t k = FindSchemeSeparator(search, e);
      if (k == e) break;
      std::size_t s = k;
      while (s > pos && k - s < 8 && IsAlpha(t_[s - 1])) --s;
      if (s < k && IsUrlScheme(t_.substr(s, k - s)) && (s == b || !IsAlnum(t_[s - 1]))) {
        ScanPlain(pos, s);
        pos = search = ScanUrl(s, k + 3, e);
      } else {
        search = k + 3;
      }
    }
    ScanPlain(pos, e);
  }

  // The position of the next "://" in [from, e), or e.
  std::size_t FindSchemeSeparator(std::size_t from, std::size_t e) const {
    for (std::size_t k = from; k + 2 < e; ++k) {
      if (t_[k] == ':' && t_[k + 1] == '/' && t_[k + 2] == '/') return k;
    }
    return e;
  }

  // The URL whose scheme starts at s and whose authority starts at auth;
  // returns where scanning goes on. The host is checked first, within a
  // bounded window, so that a run of invalid "x://" costs linear time.
  std::size_t ScanUrl(std::size_t s, std::size_t auth, std::size_t e) {
    std::size_t authority_end = AuthorityEnd(auth, e);
    if (authority_end == auth) return auth;
    std::size_t host = auth;
    for (std::size_t k = auth; k < authority_end; ++k) {
      if (t_[k] == '@') host = k + 1;
    }
    if (!EmitUrlHost(host, authority_end)) return auth;  // not a URL: scan its text as prose
    std::size_t end = authority_end;
    while (end < e && t_[end] != '[' && t_[end] != ']') ++end;
    end = TrimUrl(s, end);
    Emit(IndicatorType::kUrl, s, end);
    return std::max(end, auth);
  }

  // The end of the authority (userinfo, host, port) starting at auth, or
  // auth when there is none within kMaxAuthority bytes.
  std::size_t AuthorityEnd(std::size_t auth, std::size_t e) const {
    static constexpr std::size_t kMaxAuthority = 512;
    std::size_t k = auth;
    if (At(k) == '[') {  // IPv6 literal
      while (k < e && k - auth < 64 && t_[k] != ']') ++k;
      if (At(k) != ']') return auth;
      ++k;
    }
    while (k < e && k - auth < kMaxAuthority &&
           std::string_view("/?#[]").find(t_[k]) == std::string_view::npos)
      ++k;
    return k - auth >= kMaxAuthority ? auth : k;
  }

  // Drops trailing punctuation, keeping a ')' that closes a '(' of the URL.
  std::size_t TrimUrl(std::size_t s, std::size_t end) const {
    std::size_t opens = std::count(t_.begin() + s, t_.begin() + end, '(');
    std::size_t closes = std::count(t_.begin() + s, t_.begin() + end, ')');
    while (end > s) {
      char c = t_[end - 1];
      if (c == ')') {
        if (closes <= opens) break;
        --closes;
      } else if (kUrlTrailing.find(c) == std::string_view::npos) {
        break;
      }
      --end;
    }
    return end;
  }

  // Reports the host of a URL authority [b, e) (after any userinfo);
  // returns whether it is a domain or an address.
  bool EmitUrlHost(std::size_t b, std::size_t e) {
    if (b < e && t_[b] == '[') {
      std::size_t close = t_.substr(0, e).find(']', b);
      if (close == std::string_view::npos || !IsIpv6(t_.substr(b + 1, close - b - 1))) return false;
      Emit(IndicatorType::kIpv6, b + 1, close);
      return true;
    }
    std::size_t host_end = b;
    while (host_end < e && t_[host_end] != ':') ++host_end;
    // "see http://evil.com." and "(http://evil.com)": the URL's trailing
    // punctuation may still be in the authority.
    while (host_end > b && kUrlTrailing.find(t_[host_end - 1]) != std::string_view::npos)
      --host_end;
    std::string_view host = t_.substr(b, host_end - b);
    if (IsIpv4(host)) {
      Emit(IndicatorType::kIpv4, b, host_end);
    } else if (IsDomainName(host)) {
      Emit(IndicatorType::kDomain, b, host_end);
    } else {
      return false;
    }
    return true;
  }

  void ScanPlain(std::size_t b, std::size_t e) {
    std::size_t j = b;
    while (j < e) {
      if (IsHostChar(t_[j]) || (t_[j] == ':' && At(j + 1) == ':')) {
        std::size_t next = 0;
        if (TryIpv6(j, e, next)) {
          j = next;
          continue;
        }
      }
      if (!IsHostChar(t_[j])) {
        ++j;
        continue;
      }
      std::size_t a = j;
      while (j < e && IsHostChar(t_[j])) ++j;
      j = ScanAtom(a, j, e);
    }
  }

  // An IPv6 address (or IPv6 CIDR) starting at a.
  bool TryIpv6(std::size_t a, std::size_t e, std::size_t& next) {
    if (a < no_ipv6_before_ || (!IsHexDigit(t_[a]) && t_[a] != ':')) return false;
    std::size_t r = a;
    std::size_t colons = 0;
    while (r < e && IsIpv6Char(t_[r])) colons += t_[r++] == ':';
    std::size_t end = r;
    if (colons < 2) {
      no_ipv6_before_ = r;
      return false;
    }
    while (end > a && t_[end - 1] == '.') --end;
    if (end > a + 1 && t_[end - 1] == ':' && t_[end - 2] != ':') --end;
    bool bounded = !IsHostChar(At(r)) && (a == 0 || !IsAlnum(t_[a - 1]));
    if (!bounded || !IsIpv6(t_.substr(a, end - a))) {
      no_ipv6_before_ = r;
      return false;
    }
    next = EmitMaybeCidr(IndicatorType::kIpv6, a, end, 128);
    return true;
  }

  // Emits the address [a, end), or a CIDR when "/prefix" follows; returns
  // the position after what was emitted.
  std::size_t EmitMaybeCidr(IndicatorType type, std::size_t a, std::size_t end, int max_prefix) {
    if (At(end) == '/' && IsDigit(At(end + 1))) {
      std::size_t k = end + 1;
      int prefix = 0;
      while (IsDigit(At(k)) && k - end <= 3) prefix = prefix * 10 + (t_[k++] - '0');
      if (prefix <= max_prefix && !IsAlnum(At(k))) {
        Emit(IndicatorType::kCidr, a, k);
        return k;
      }
    }
    Emit(type, a, end);
    return end;
  }

  // An atom: a maximal run of host characters [a, b).
  std::size_t ScanAtom(std::size_t a, std::size_t b, std::size_t e) {
    if (At(b) == '@') return ScanEmail(a, b, e);
    ScanHashes(a, b);
    std::size_t ta = a;
    std::size_t tb = b;
    while (ta < tb && (t_[ta] == '.' || t_[ta] == '-' || t_[ta] == '_')) ++ta;
    while (tb > ta && (t_[tb - 1] == '.' || t_[tb - 1] == '-')) --tb;
    std::string_view atom = t_.substr(ta, tb - ta);
    if (atom.find('.') == std::string_view::npos) {
      if (IsCveId(atom)) Emit(IndicatorType::kCve, ta, tb);
      if (IsTechniqueId(atom)) Emit(IndicatorType::kAttackTechnique, ta, tb);
      return b;
    }
    if (IsTechniqueId(atom)) {
      Emit(IndicatorType::kAttackTechnique, ta, tb);
    } else if (IsDetectionName(atom)) {
      Emit(IndicatorType::kMalware, ta, tb);
    } else if (AllDigitsOrDots(atom)) {
      return ScanDottedNumber(ta, tb, b);
    } else if (IsDomainName(atom) && !LooksLikeFileName(atom, ta, tb)) {
      Emit(IndicatorType::kDomain, ta, tb);
    }
    return b;
  }

  // Hex runs of digest length bounded by non-word characters: the atom's
  // parts between '.' and '-'.
  void ScanHashes(std::size_t a, std::size_t b) {
    std::size_t p = a;
    while (p < b) {
      std::size_t q = p;
      bool hex = true;
      for (; q < b && t_[q] != '.' && t_[q] != '-'; ++q) hex = hex && IsHexDigit(t_[q]);
      if (hex && IsHashLength(q - p)) Emit(HashType(q - p), p, q);
      p = q + 1;
    }
  }

  // Digits and dots: an IPv4 address or CIDR unless it is a version string.
  std::size_t ScanDottedNumber(std::size_t ta, std::size_t tb, std::size_t b) {
    std::string_view s = t_.substr(ta, tb - ta);
    if (!IsIpv4(s) || PrecededByVersionWord(ta)) return b;
    if (tb != b) {  // "1.2.3.4." ends a sentence; "1.2.3.4.5" never gets here
      Emit(IndicatorType::kIpv4, ta, tb);
      return b;
    }
    return EmitMaybeCidr(IndicatorType::kIpv4, ta, tb, 32);
  }

  // "version 1.2.3.4", "ver. 1.2.3.4", "build: 1.2.3.4".
  bool PrecededByVersionWord(std::size_t a) const {
    std::size_t k = a;
    for (int n = 0; n < 3 && k > 0 && (t_[k - 1] == ' ' || t_[k - 1] == ':'); ++n) --k;
    if (k > 0 && t_[k - 1] == '.') --k;
    std::size_t w = k;
    while (w > 0 && k - w < 12 && IsAlpha(t_[w - 1])) --w;
    std::string word = AsciiLower(t_.substr(w, k - w));
    return word == "version" || word == "ver" || word == "v" || word == "build" ||
           word == "release" || word == "firmware";
  }

  // readme.md, archive.zip, run.sh: two labels whose last is a file
  // extension. Defanged names and names alone on their line (IOC lists) are
  // taken as domains.
  bool LooksLikeFileName(std::string_view atom, std::size_t ta, std::size_t tb) const {
    std::size_t dot = atom.find('.');
    if (atom.find('.', dot + 1) != std::string_view::npos) return false;
    if (!IsFileExtensionTld(atom.substr(dot + 1))) return false;
    return !defanged_.Overlaps(ta, tb) && !AloneOnLine(ta, tb);
  }

  bool AloneOnLine(std::size_t b, std::size_t e) const {
    std::size_t k = b;
    while (k > 0 && b - k < 16 &&
           std::string_view(" \t-*+>#").find(t_[k - 1]) != std::string_view::npos)
      --k;
    bool head = k == 0 || t_[k - 1] == '\n';
    std::size_t m = e;
    while (m < t_.size() && m - e < 16 && (t_[m] == ' ' || t_[m] == '\t' || t_[m] == '\r')) ++m;
    return head && (m == t_.size() || t_[m] == '\n');
  }

  // local@domain, with the local part [a, at).
  std::size_t ScanEmail(std::size_t a, std::size_t at, std::size_t e) {
    std::size_t d = at + 1;
    std::size_t d_end = d;
    while (d_end < e && IsHostChar(t_[d_end])) ++d_end;
    std::size_t run_end = d_end;
    while (d_end > d && (t_[d_end - 1] == '.' || t_[d_end - 1] == '-')) --d_end;
    std::string_view local = t_.substr(a, at - a);
    bool local_ok = !local.empty() && local.size() <= 64 && local.front() != '.' &&
                    local.back() != '.' && local.find("..") == std::string_view::npos;
    if (!local_ok || !IsDomainName(t_.substr(d, d_end - d))) return at;
    Emit(IndicatorType::kEmail, a, d_end);
    Emit(IndicatorType::kDomain, d, d_end);
    return run_end;
  }

  std::string_view t_;
  const DefangSpans& defanged_;
  std::vector<Candidate> out_;
  std::size_t no_ipv6_before_ = 0;
};

}  // namespace

std::vector<Candidate> ScanIndicators(std::string_view text, const DefangSpans& defanged) {
  return Scanner(text, defanged).Run();
}

}  // namespace shrike::extract
