#include "logs/matcher.h"

#include <algorithm>
#include <optional>

#include "core/strings.h"

namespace shrike::logs_internal {
namespace {

bool IsIpv4Like(std::string_view v) {
  std::size_t dots = 0;
  for (char c : v) {
    if (c == '.') {
      ++dots;
    } else if (!IsDigit(c)) {
      return false;
    }
  }
  return dots == 3 && v.size() >= 7 && v.size() <= 15;
}

bool IsIpv6Like(std::string_view v) {
  if (v.size() < 2 || v.size() > 45 || v.find(':') == std::string_view::npos) return false;
  for (char c : v) {
    if (!IsHexDigit(c) && c != ':' && c != '.') return false;
  }
  return v.find("::") != std::string_view::npos || std::count(v.begin(), v.end(), ':') >= 2;
}

bool IsHex(std::string_view v) {
  for (char c : v) {
    if (!IsHexDigit(c)) return false;
  }
  return !v.empty();
}

bool IsDomainLike(std::string_view v) {
  if (v.size() < 4 || v.size() > 253 || v.find('.') == std::string_view::npos) return false;
  bool alpha = false;
  for (char c : v) {
    if (IsAlpha(c)) alpha = true;
    if (!IsAlnum(c) && c != '.' && c != '-' && c != '_') return false;
  }
  return alpha;
}

bool IsTokenChar(char c) {
  return IsAlnum(c) || c == '.' || c == '-' || c == '_' || c == ':' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// The host of "scheme://[user@]host[:port]/...".
std::string_view UrlHost(std::string_view url) {
  std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (std::size_t at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  if (!rest.empty() && rest.front() == '[') return rest.substr(1, rest.find(']') - 1);
  return rest.substr(0, rest.find(':'));
}

}  // namespace

std::optional<IndicatorType> DigestTypeOfLength(std::size_t size) {
  switch (size) {
    case 32: return IndicatorType::kMd5;
    case 40: return IndicatorType::kSha1;
    case 64: return IndicatorType::kSha256;
    case 128: return IndicatorType::kSha512;
    default: return std::nullopt;
  }
}

void ValueMatcher::Add(std::string_view atomic, const std::string& field,
                       const std::vector<const Indicator*>& hits) {
  for (const Indicator* indicator : hits) {
    bool seen = false;
    for (const Enrichment& e : out_) {
      seen = seen || (e.indicator == indicator && e.field == field && e.atomic == atomic);
    }
    if (!seen) out_.push_back({std::string(atomic), field, indicator});
  }
}

void ValueMatcher::ByLook(std::string_view value, const std::string& field) {
  value = Trim(value);
  if (IsIpv4Like(value) || IsIpv6Like(value)) {
    Add(value, field, intel_.MatchIp(value));
  } else if (auto type = DigestTypeOfLength(value.size()); type && IsHex(value)) {
    Add(value, field, intel_.MatchDigest(*type, value));
    if (*type == IndicatorType::kMd5)
      Add(value, field, intel_.MatchDigest(IndicatorType::kImphash, value));
  } else if (value.find("://") != std::string_view::npos) {
    Url(value, field);
  } else if (IsDomainLike(value)) {
    Add(value, field, intel_.MatchDomain(value));
  }
}

void ValueMatcher::Url(std::string_view value, const std::string& field) {
  if (intel_.Has(IndicatorType::kUrl))
    Add(value, field, intel_.MatchValue(IndicatorType::kUrl, value));
  std::string_view host = UrlHost(value);
  if (!host.empty() && host.find("://") == std::string_view::npos) ByLook(host, field);
}

void ValueMatcher::Hashes(std::string_view value, const std::string& ecs_prefix) {
  for (std::string_view part : Split(value, ',')) {
    std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    std::string name = AsciiLower(Trim(part.substr(0, eq)));
    std::string_view hex = Trim(part.substr(eq + 1));
    auto type = ParseIndicatorType(name);
    if (!type || !IsHex(hex)) continue;
    Add(hex, ecs_prefix + "." + name, intel_.MatchDigest(*type, hex));
  }
}

void ValueMatcher::Filename(std::string_view value, const std::string& field) {
  if (!intel_.Has(IndicatorType::kFilename)) return;
  std::size_t slash = value.find_last_of("/\\");
  std::string_view base = slash == std::string_view::npos ? value : value.substr(slash + 1);
  if (!base.empty()) Add(base, field, intel_.MatchValue(IndicatorType::kFilename, base));
}

void ValueMatcher::Token(std::string_view token, const std::string& field) {
  while (!token.empty() && (token.front() == '.' || token.front() == '-' || token.front() == ':')) {
    token.remove_prefix(1);
  }
  while (!token.empty() && (token.back() == '.' || token.back() == '-' || token.back() == ':')) {
    token.remove_suffix(1);
  }
  if (token.size() < 4) return;
  if (token.find(':') == std::string_view::npos || IsIpv6Like(token)) {
    ByLook(token, field);
    return;
  }
  for (std::string_view part : Split(token, ':')) Token(part, field);  // host:port
}

void ValueMatcher::Text(std::string_view text, const std::string& field) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && !IsTokenChar(text[pos])) ++pos;
    std::size_t end = pos;
    while (end < text.size() && IsTokenChar(text[end])) ++end;
    if (end > pos) Token(text.substr(pos, end - pos), field);
    pos = end;
  }
  if (!intel_.Has(IndicatorType::kUrl)) return;
  for (std::size_t at = text.find("://"); at != std::string_view::npos;
       at = text.find("://", at + 3)) {
    std::size_t start = at;
    while (start > 0 && IsAlpha(text[start - 1])) --start;
    std::size_t end = text.find_first_of(" \t\"'<>", at);
    Add(text.substr(start, end == std::string_view::npos ? end : end - start), field,
        intel_.MatchValue(IndicatorType::kUrl, text.substr(start, end - start)));
  }
}

}  // namespace shrike::logs_internal
