// Text of BinXML strings: UTF-16 to UTF-8, and JSON and XML escaping. These
// run over every string of every record, so the common case (ASCII, nothing
// to escape) goes 16 bytes at a time with SSE2 where the target has it.
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "evtx/bytes.h"
#include "evtx/values.h"

namespace shrike::evtx_internal {
namespace {

constexpr char kHexLower[] = "0123456789abcdef";

}  // namespace

namespace {

// Converts the leading ASCII code units of data to dst; returns how many.
std::size_t CopyAscii(const std::uint8_t* data, std::size_t units, char* dst) {
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i mask = _mm_set1_epi16(static_cast<short>(0xff80));
  for (; i + 16 <= units; i += 16) {
    __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 2 * i));
    __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 2 * i + 16));
    __m128i bad = _mm_and_si128(_mm_or_si128(a, b), mask);
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(bad, _mm_setzero_si128())) != 0xffff) break;
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i), _mm_packus_epi16(a, b));
  }
  for (; i + 8 <= units; i += 8) {
    __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 2 * i));
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(a, mask), _mm_setzero_si128())) != 0xffff)
      break;
    _mm_storel_epi64(reinterpret_cast<__m128i*>(dst + i), _mm_packus_epi16(a, a));
  }
#endif
  for (; i < units; ++i) {
    std::uint16_t c = U16(data + 2 * i);
    if (c >= 0x80) break;
    dst[i] = static_cast<char>(c);
  }
  return i;
}

}  // namespace

void AppendUtf16(const std::uint8_t* data, std::size_t units, std::string& out) {
  // ASCII fast path: most of an event log is ASCII.
  std::size_t base = out.size();
  out.resize(base + units);
  std::size_t ascii = CopyAscii(data, units, out.data() + base);
  if (ascii == units) return;
  out.resize(base + ascii);
  out.reserve(out.size() + (units - ascii) * 3);
  for (std::size_t i = ascii; i < units; ++i) {
    std::uint32_t c = U16(data + 2 * i);
    if (c < 0x80) {
      out += static_cast<char>(c);
      continue;
    }
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < units) {
      std::uint32_t lo = U16(data + 2 * i + 2);
      if (lo >= 0xdc00 && lo < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
        ++i;
      }
    }
    if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
    if (c < 0x800) {
      out += static_cast<char>(0xc0 | (c >> 6));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xe0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
    }
    out += static_cast<char>(0x80 | (c & 0x3f));
  }
}

namespace {

bool NeedsJsonEscape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }
bool NeedsXmlEscape(char c) { return c == '&' || c == '<' || c == '>' || c == '"' || c == '\''; }

// Index of the first byte of s at or after i that may need escaping (a
// superset test per 16 bytes, then the exact one); s.size() when none.
template <bool kJson>
std::size_t ScanPlain(std::string_view s, std::size_t i) {
#if defined(__SSE2__)
  for (; i + 16 <= s.size(); i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    __m128i hit;
    if constexpr (kJson) {
      // Bytes < 0x20 (signed compare: also 0x80..0xff, rechecked below), '"', '\\'.
      hit = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                         _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                      _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
      // Drop the high-bit bytes the signed compare caught.
      hit = _mm_andnot_si128(_mm_cmplt_epi8(v, _mm_setzero_si128()), hit);
    } else {
      hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('&')),
                                      _mm_cmpeq_epi8(v, _mm_set1_epi8('<'))),
                         _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('>')),
                                                   _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))),
                                      _mm_cmpeq_epi8(v, _mm_set1_epi8('\''))));
    }
    int mask = _mm_movemask_epi8(hit);
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; i < s.size(); ++i) {
    if (kJson ? NeedsJsonEscape(static_cast<unsigned char>(s[i])) : NeedsXmlEscape(s[i])) {
      return i;
    }
  }
  return s.size();
}

}  // namespace

void AppendJsonString(std::string_view s, std::string& out) {
  out += '"';
  std::size_t start = 0;
  for (std::size_t i = ScanPlain<true>(s, 0); i < s.size(); i = ScanPlain<true>(s, i + 1)) {
    auto c = static_cast<unsigned char>(s[i]);
    out.append(s.data() + start, i - start);
    start = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out += kHexLower[c >> 4];
        out += kHexLower[c & 0xf];
    }
  }
  out.append(s.data() + start, s.size() - start);
  out += '"';
}

void AppendXmlEscaped(std::string_view s, std::string& out) {
  std::size_t start = 0;
  for (std::size_t i = ScanPlain<false>(s, 0); i < s.size(); i = ScanPlain<false>(s, i + 1)) {
    const char* rep = nullptr;
    switch (s[i]) {
      case '&': rep = "&amp;"; break;
      case '<': rep = "&lt;"; break;
      case '>': rep = "&gt;"; break;
      case '"': rep = "&quot;"; break;
      case '\'': rep = "&apos;"; break;
      default: continue;
    }
    out.append(s.data() + start, i - start);
    out += rep;
    start = i + 1;
  }
  out.append(s.data() + start, s.size() - start);
}

}  // namespace shrike::evtx_internal
