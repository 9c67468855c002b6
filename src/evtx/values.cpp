// Text and JSON forms of BinXML values.
#include "evtx/values.h"

#include <charconv>

#include "evtx/bytes.h"

namespace shrike::evtx_internal {
namespace {

constexpr char kHexUpper[] = "0123456789ABCDEF";
constexpr char kHexLower[] = "0123456789abcdef";

void AppendUnsigned(std::uint64_t v, std::string& out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void AppendSigned(std::int64_t v, std::string& out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void AppendHex(std::uint64_t v, std::string& out) {
  char buf[18];
  char* p = buf + sizeof buf;
  do {
    *--p = kHexLower[v & 0xf];
    v >>= 4;
  } while (v != 0);
  *--p = 'x';
  *--p = '0';
  out.append(p, buf + sizeof buf);
}

// serde_json prints floats with ryu (shortest round trip) and keeps a ".0"
// on integral values.
template <typename F>
void AppendReal(F v, std::string& out) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  std::string_view text(buf, r.ptr - buf);
  out.append(text);
  if (text.find_first_of(".eEn") == std::string_view::npos) out += ".0";
}

char* HexFixed(std::uint64_t v, int digits, char* dst) {
  for (int i = digits - 1; i >= 0; --i) *dst++ = kHexUpper[(v >> (4 * i)) & 0xf];
  return dst;
}

void AppendGuid(const std::uint8_t* p, std::string& out) {
  char buf[36];
  char* d = HexFixed(U32(p), 8, buf);
  *d++ = '-';
  d = HexFixed(U16(p + 4), 4, d);
  *d++ = '-';
  d = HexFixed(U16(p + 6), 4, d);
  *d++ = '-';
  for (int i = 8; i < 16; ++i) {
    *d++ = kHexUpper[p[i] >> 4];
    *d++ = kHexUpper[p[i] & 0xf];
    if (i == 9) *d++ = '-';
  }
  out.append(buf, sizeof buf);
}

// Revision, count, 48-bit big-endian authority, count little-endian sub-authorities.
std::uint32_t SidSize(const std::uint8_t* p, std::uint32_t avail) {
  if (avail < 8) return 0;
  std::uint32_t need = 8 + 4u * p[1];
  return need <= avail ? need : 0;
}

void AppendSid(const std::uint8_t* p, std::uint32_t size, std::string& out) {
  if (SidSize(p, size) == 0) return;
  char buf[64];  // "S-" and 3 digits, then "-" and at most 20 digits, per piece
  char* const end = buf + sizeof buf;
  char* d = buf;
  *d++ = 'S';
  *d++ = '-';
  d = std::to_chars(d, end, p[0]).ptr;
  std::uint64_t authority = 0;
  for (int i = 2; i < 8; ++i) authority = (authority << 8) | p[i];
  *d++ = '-';
  d = std::to_chars(d, end, authority).ptr;
  for (int i = 0; i < p[1]; ++i) {
    if (end - d < 12) {
      out.append(buf, d);
      d = buf;
    }
    *d++ = '-';
    d = std::to_chars(d, end, U32(p + 8 + 4 * i)).ptr;
  }
  out.append(buf, d);
}

// Days since 1970-01-01 to civil date (H. Hinnant's algorithm).
void CivilFromDays(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
}

char* Digits(std::uint64_t v, int digits, char* dst) {
  for (int i = digits - 1; i >= 0; --i) {
    dst[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return dst + digits;
}

char* Sep2(char sep, unsigned v, char* d) {
  *d++ = sep;
  return Digits(v, 2, d);
}

void AppendDateTime(std::int64_t y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s,
                    std::uint32_t nanos, std::string& out) {
  char buf[64];
  char* p = buf;
  if (y >= 0 && y <= 9999) {
    p = Digits(static_cast<std::uint64_t>(y), 4, p);
  } else {
    p = std::to_chars(p, buf + 24, y).ptr;
  }
  p = Sep2('-', mo % 100, p);
  p = Sep2('-', d % 100, p);
  p = Sep2('T', h % 100, p);
  p = Sep2(':', mi % 100, p);
  p = Sep2(':', s % 100, p);
  if (nanos != 0) {  // chrono's AutoSi: 3, 6 or 9 digits
    int digits = nanos % 1000000 == 0 ? 3 : nanos % 1000 == 0 ? 6 : 9;
    std::uint32_t v = digits == 3 ? nanos / 1000000 : digits == 6 ? nanos / 1000 : nanos;
    *p++ = '.';
    p = Digits(v, digits, p);
  }
  *p++ = 'Z';
  out.append(buf, p);
}

void AppendSysTime(const std::uint8_t* p, std::string& out) {
  unsigned year = U16(p), month = U16(p + 2), day = U16(p + 6);
  unsigned h = U16(p + 8), mi = U16(p + 10), s = U16(p + 12), ms = U16(p + 14);
  AppendDateTime(year, month, day, h, mi, s, ms * 1000000u, out);
}

bool IsTrailingSpace(std::uint32_t c) {
  return c == 0 || c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void AppendAnsi(const std::uint8_t* p, std::uint32_t n, std::string& out) {
  while (n > 0 && IsTrailingSpace(p[n - 1])) --n;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (p[i] < 0x80) {
      out += static_cast<char>(p[i]);
    } else {  // Latin-1 to UTF-8: no code page is known
      out += static_cast<char>(0xc0 | (p[i] >> 6));
      out += static_cast<char>(0x80 | (p[i] & 0x3f));
    }
  }
}

bool Fits(const Value& v, std::uint32_t width) { return v.size >= width; }

// A scalar of a fixed-width type; false when the bytes are too few.
bool AppendScalar(const Value& v, std::string& out) {
  const std::uint8_t* p = v.data;
  switch (static_cast<ValueType>(v.type)) {
    case ValueType::kInt8: AppendSigned(static_cast<std::int8_t>(p[0]), out); return true;
    case ValueType::kUInt8: AppendUnsigned(p[0], out); return true;
    case ValueType::kInt16: AppendSigned(static_cast<std::int16_t>(U16(p)), out); return true;
    case ValueType::kUInt16: AppendUnsigned(U16(p), out); return true;
    case ValueType::kInt32: AppendSigned(static_cast<std::int32_t>(U32(p)), out); return true;
    case ValueType::kUInt32: AppendUnsigned(U32(p), out); return true;
    case ValueType::kInt64: AppendSigned(static_cast<std::int64_t>(U64(p)), out); return true;
    case ValueType::kUInt64: AppendUnsigned(U64(p), out); return true;
    case ValueType::kReal32: AppendReal(Load<float>(p), out); return true;
    case ValueType::kReal64: AppendReal(Load<double>(p), out); return true;
    case ValueType::kHexInt32: AppendHex(U32(p), out); return true;
    case ValueType::kHexInt64: AppendHex(U64(p), out); return true;
    case ValueType::kGuid: AppendGuid(p, out); return true;
    case ValueType::kFileTime: AppendFileTime(U64(p), out); return true;
    case ValueType::kSysTime: AppendSysTime(p, out); return true;
    default: return false;
  }
}

bool IsJsonBare(std::uint8_t base) { return (base >= 0x03 && base <= 0x0d) || base == 0x10; }

}  // namespace

std::uint32_t FixedSize(std::uint8_t base) {
  switch (static_cast<ValueType>(base)) {
    case ValueType::kInt8:
    case ValueType::kUInt8: return 1;
    case ValueType::kInt16:
    case ValueType::kUInt16: return 2;
    case ValueType::kInt32:
    case ValueType::kUInt32:
    case ValueType::kReal32:
    case ValueType::kBool:
    case ValueType::kHexInt32: return 4;
    case ValueType::kInt64:
    case ValueType::kUInt64:
    case ValueType::kReal64:
    case ValueType::kFileTime:
    case ValueType::kHexInt64: return 8;
    case ValueType::kGuid:
    case ValueType::kSysTime: return 16;
    default: return 0;
  }
}

bool IsKnownType(std::uint8_t type) {
  std::uint8_t base = BaseType(type);
  if (IsArray(type)) return base >= 0x01 && base <= 0x15;
  return base <= 0x15 || base == 0x20 || base == 0x21 || base == 0x23;
}

void AppendFileTime(std::uint64_t ticks, std::string& out) {
  std::int64_t secs = static_cast<std::int64_t>(ticks / 10000000) - 11644473600LL;
  // The crate's JSON keeps microseconds (truncated), as chrono's AutoSi prints them.
  auto nanos = static_cast<std::uint32_t>(ticks % 10000000 / 10 * 1000);
  std::int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  std::int64_t rem = secs - days * 86400;
  std::int64_t y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  auto r = static_cast<unsigned>(rem);
  AppendDateTime(y, m, d, r / 3600, r / 60 % 60, r % 60, nanos, out);
}

bool NextArrayElement(const Value& array, std::uint32_t& pos, Value& element) {
  if (!IsArray(array.type) || pos >= array.size) return false;
  std::uint8_t base = BaseType(array.type);
  const std::uint8_t* p = array.data + pos;
  std::uint32_t avail = array.size - pos;
  std::uint32_t width = FixedSize(base);
  if (base == static_cast<std::uint8_t>(ValueType::kString)) {
    std::uint32_t n = 0;
    while (n + 1 < avail && U16(p + n) != 0) n += 2;
    width = n + 2 <= avail ? n + 2 : avail;
    element = {base, n, p};
  } else if (base == static_cast<std::uint8_t>(ValueType::kSid)) {
    width = SidSize(p, avail);
    element = {base, width, p};
  } else if (base == static_cast<std::uint8_t>(ValueType::kSizeT)) {
    width = 8;
    element = {base, width, p};
  } else {
    element = {base, width, p};
  }
  if (width == 0 || width > avail) return false;
  pos += width;
  return true;
}

void AppendText(const Value& v, std::string& out) {
  std::uint8_t base = BaseType(v.type);
  if (IsArray(v.type)) {
    std::uint32_t pos = 0;
    Value element;
    bool first = true;
    while (NextArrayElement(v, pos, element)) {
      if (!first) out += ',';
      first = false;
      AppendText(element, out);
    }
    return;
  }
  switch (static_cast<ValueType>(base)) {
    case ValueType::kString: {
      // NUL terminators and trailing white space go, as in the crate's JSON.
      std::uint32_t units = v.size / 2;
      while (units > 0 && IsTrailingSpace(U16(v.data + 2 * (units - 1)))) --units;
      AppendUtf16(v.data, units, out);
      return;
    }
    case ValueType::kAnsiString: AppendAnsi(v.data, v.size, out); return;
    case ValueType::kBinary: {
      std::size_t base = out.size();
      out.resize(base + 2 * std::size_t{v.size});
      char* d = out.data() + base;
      for (std::uint32_t i = 0; i < v.size; ++i) {
        *d++ = kHexUpper[v.data[i] >> 4];
        *d++ = kHexUpper[v.data[i] & 0xf];
      }
      return;
    }
    case ValueType::kBool: {
      bool b = false;
      for (std::uint32_t i = 0; i < v.size; ++i) b = b || v.data[i] != 0;
      out += b ? "true" : "false";
      return;
    }
    case ValueType::kSid: AppendSid(v.data, v.size, out); return;
    case ValueType::kSizeT:
      if (v.size >= 8)
        AppendUnsigned(U64(v.data), out);
      else if (v.size >= 4)
        AppendUnsigned(U32(v.data), out);
      return;
    // The commonest scalars straight away (as AppendScalar writes them).
    case ValueType::kUInt8:
      if (Fits(v, 1)) AppendUnsigned(v.data[0], out);
      return;
    case ValueType::kUInt16:
      if (Fits(v, 2)) AppendUnsigned(U16(v.data), out);
      return;
    case ValueType::kUInt32:
      if (Fits(v, 4)) AppendUnsigned(U32(v.data), out);
      return;
    case ValueType::kUInt64:
      if (Fits(v, 8)) AppendUnsigned(U64(v.data), out);
      return;
    case ValueType::kHexInt64:
      if (Fits(v, 8)) AppendHex(U64(v.data), out);
      return;
    case ValueType::kFileTime:
      if (Fits(v, 8)) AppendFileTime(U64(v.data), out);
      return;
    case ValueType::kGuid:
      if (Fits(v, 16)) AppendGuid(v.data, out);
      return;
    default: break;
  }
  std::uint32_t width = FixedSize(base);
  if (width != 0 && Fits(v, width)) AppendScalar(v, out);
}

void AppendJson(const Value& v, std::string& out) {
  std::uint8_t base = BaseType(v.type);
  if (base == 0 || base == 0x20 || base == 0x21 || base == 0x23) {
    out += "null";
    return;
  }
  if (IsArray(v.type)) {
    out += '[';
    std::uint32_t pos = 0;
    Value element;
    bool first = true;
    while (NextArrayElement(v, pos, element)) {
      if (!first) out += ',';
      first = false;
      AppendJson(element, out);
    }
    out += ']';
    return;
  }
  std::uint32_t width = FixedSize(base);
  bool sized = width == 0 || Fits(v, width);
  if (IsJsonBare(base) && sized && (base != 0x10 || v.size >= 4)) {
    AppendText(v, out);
    return;
  }
  if (!sized) {
    out += "null";
    return;
  }
  std::string text;
  AppendText(v, text);
  AppendJsonString(text, out);
}

}  // namespace shrike::evtx_internal
