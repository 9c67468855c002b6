#include "match/fold.h"

#include <idn2.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>

#include "core/strings.h"

namespace shrike::match {
namespace {

// -1 for a non-hex byte, else its value.
constexpr std::array<std::int8_t, 256> kHexValue = [] {
  std::array<std::int8_t, 256> table{};
  table.fill(-1);
  for (int c = '0'; c <= '9'; ++c)
    table[static_cast<std::size_t>(c)] = static_cast<std::int8_t>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) {
    table[static_cast<std::size_t>(c)] = static_cast<std::int8_t>(c - 'a' + 10);
    table[static_cast<std::size_t>(c - 32)] = static_cast<std::int8_t>(c - 'a' + 10);
  }
  return table;
}();

int HexValue(char c) { return kHexValue[static_cast<unsigned char>(c)]; }

// The common case: exactly 2 * bytes hex digits, no separators.
bool AppendPlainHex(std::string_view hex, std::size_t bytes, std::string& out) {
  if (hex.size() != 2 * bytes) return false;
  const std::size_t start = out.size();
  out.resize(start + bytes);
  for (std::size_t i = 0; i < bytes; ++i) {
    const int high = HexValue(hex[2 * i]);
    const int low = HexValue(hex[2 * i + 1]);
    if ((high | low) < 0) return false;
    out[start + i] = static_cast<char>(high << 4 | low);
  }
  return true;
}

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto length = static_cast<std::int32_t>(s.size());
  for (std::int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(p, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

void AppendAsciiLower(std::string_view s, std::string& out) {
  const std::size_t start = out.size();
  out.resize(start + s.size());
  std::transform(s.begin(), s.end(), out.begin() + static_cast<std::ptrdiff_t>(start),
                 [](char c) { return AsciiLower(c); });
}

bool IsCertDigest(IndicatorType type) {
  return type == IndicatorType::kCertSha1 || type == IndicatorType::kCertSha256 ||
         type == IndicatorType::kCertSerial;
}

// Appends the IDNA 2008 A-label form of text; false (nothing appended) when
// IDNA rejects it.
bool ToALabels(std::string_view text, std::string& out) {
  if (text.size() > 1024 || text.find('\0') != std::string_view::npos) return false;
  char* ascii = nullptr;
  const std::string input(text);
  if (idn2_to_ascii_8z(input.c_str(), &ascii, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT) != IDN2_OK) {
    return false;
  }
  AppendAsciiLower(ascii, out);
  idn2_free(ascii);
  return true;
}

// IDNA applies to the whole name first (it also maps U+3002 and other
// dots). When it rejects the name, each label is converted on its own and a
// label it rejects is kept byte for byte, so one malformed label cannot hide
// a listed parent domain.
void AppendALabels(std::string_view host, std::string& out) {
  if (ToALabels(host, out)) return;
  for (std::size_t start = 0;;) {
    const std::size_t dot = host.find('.', start);
    const std::string_view label = host.substr(start, dot - start);
    if (IsAscii(label) || !ToALabels(label, out)) AppendAsciiLower(label, out);
    if (dot == std::string_view::npos) return;
    out.push_back('.');
    start = dot + 1;
  }
}

// As NormalizeValue: scheme and host (after any user info) fold case; the
// path, query and fragment are case-sensitive.
bool AppendUrlKey(std::string_view url, std::string& out) {
  const std::size_t colon = url.find("://");
  if (colon == std::string_view::npos) {
    out.append(url);
    return true;
  }
  AppendAsciiLower(url.substr(0, colon + 3), out);
  std::string_view rest = url.substr(colon + 3);
  std::size_t host_end = std::min(rest.find_first_of("/?#"), rest.size());
  std::string_view authority = rest.substr(0, host_end);
  const std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    out.append(authority.substr(0, at + 1));
    authority = authority.substr(at + 1);
  }
  AppendAsciiLower(authority, out);
  out.append(rest.substr(host_end));
  return true;
}

bool AppendEmailKey(std::string_view email, std::string& out) {
  const std::size_t at = email.rfind('@');
  if (at == std::string_view::npos) {
    out.append(email);
    return true;
  }
  out.append(email.substr(0, at + 1));
  return AppendDomainKey(email.substr(at + 1), out);
}

void AppendHexText(std::string_view hex, std::string& out) {
  for (char c : hex) {
    if (c != ':' && c != '-') out.push_back(AsciiLower(c));
  }
}

}  // namespace

std::size_t DigestBytes(IndicatorType type) {
  switch (type) {
    case IndicatorType::kMd5:
    case IndicatorType::kImphash: return 16;
    case IndicatorType::kSha1:
    case IndicatorType::kCertSha1: return 20;
    case IndicatorType::kSha256:
    case IndicatorType::kCertSha256: return 32;
    case IndicatorType::kSha512: return 64;
    default: return 0;
  }
}

bool AppendDigestKey(IndicatorType type, std::string_view hex, std::string& out) {
  const std::size_t bytes = DigestBytes(type);
  if (bytes == 0) return false;
  if (hex.size() == 2 * bytes) return AppendPlainHex(hex, bytes, out);
  const bool separators = IsCertDigest(type);
  std::size_t written = 0;
  int high = -1;
  for (char c : hex) {
    if (separators && (c == ':' || c == '-')) continue;
    const int v = HexValue(c);
    if (v < 0 || written == bytes) return false;
    if (high < 0) {
      high = v;
      continue;
    }
    out.push_back(static_cast<char>(high << 4 | v));
    high = -1;
    ++written;
  }
  return written == bytes && high < 0;
}

bool AppendDomainKey(std::string_view host, std::string& out) {
  while (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (host.empty()) return false;
  if (IsAscii(host)) {
    AppendAsciiLower(host, out);
  } else {
    AppendALabels(host, out);
  }
  return true;
}

void AppendFoldedCase(std::string_view text, std::string& out) {
  // Invalid UTF-8 is folded byte-wise: ICU would turn every bad sequence into
  // U+FFFD and make different byte strings equal.
  if (text.size() > static_cast<std::size_t>(INT32_MAX) || IsAscii(text) || !IsValidUtf8(text)) {
    AppendAsciiLower(text, out);
    return;
  }
  icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size())))
      .foldCase()
      .toUTF8String(out);
}

bool AppendTextKey(IndicatorType type, std::string_view value, std::string& out) {
  switch (type) {
    case IndicatorType::kUrl: return AppendUrlKey(value, out);
    case IndicatorType::kEmail: return AppendEmailKey(value, out);
    case IndicatorType::kDomain: return AppendDomainKey(value, out);
    case IndicatorType::kCertSerial: AppendHexText(value, out); return true;
    case IndicatorType::kFilename:
    case IndicatorType::kCve:
    case IndicatorType::kAttackTechnique:
    case IndicatorType::kMalware:
    case IndicatorType::kTool:
    case IndicatorType::kActor: AppendFoldedCase(value, out); return true;
    default: out.append(value); return true;
  }
}

}  // namespace shrike::match
