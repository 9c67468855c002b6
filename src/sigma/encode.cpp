// Value encodings of the Sigma modifiers: base64, base64offset, UTF-16, and
// the small parsers the matchers need (numbers, addresses, dates).
#include <arpa/inet.h>

#include <charconv>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <string>

#include "sigma/internal.h"
#include "sigma/values.h"

namespace shrike::sigma_internal {

std::string Lower(std::string_view s) {
  std::string out(s);
  LowerInPlace(out);
  return out;
}

void LowerInPlace(std::string& s) {
  // Eight bytes at a time: a byte is in 'A'..'Z' when adding 0x3f carries
  // it past 0x7f but adding 0x25 does not (bytes >= 0x80 are left alone);
  // 0x20 is then or'ed into those bytes.
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  char* p = s.data();
  std::size_t n = s.size(), i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    std::uint64_t low7 = w & ~kHigh;
    std::uint64_t upper = ((low7 + kOnes * 0x3f) ^ (low7 + kOnes * 0x25)) & ~w & kHigh;
    w |= upper >> 2;
    std::memcpy(p + i, &w, 8);
  }
  for (; i < n; ++i) {
    if (p[i] >= 'A' && p[i] <= 'Z') p[i] = static_cast<char>(p[i] + ('a' - 'A'));
  }
}

std::string Base64(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    std::uint32_t v = (static_cast<std::uint8_t>(in[i]) << 16) |
                      (static_cast<std::uint8_t>(in[i + 1]) << 8) |
                      static_cast<std::uint8_t>(in[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(v >> s) & 63];
  }
  std::size_t rest = in.size() - i;
  if (rest > 0) {
    std::uint32_t v = static_cast<std::uint8_t>(in[i]) << 16;
    if (rest == 2) v |= static_cast<std::uint8_t>(in[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// The three shifted encodings of pySigma's base64offset: the part of the
// encoding that does not depend on the bytes around the value.
std::vector<std::string> Base64Offsets(std::string_view in) {
  static constexpr int kStart[3] = {0, 2, 3};
  static constexpr int kEnd[3] = {0, -3, -2};  // 0: to the end
  std::vector<std::string> out;
  for (int shift = 0; shift < 3; ++shift) {
    std::string padded(static_cast<std::size_t>(shift), ' ');
    padded.append(in);
    std::string enc = Base64(padded);
    int end_off = kEnd[(in.size() + shift) % 3];
    int end = end_off == 0 ? static_cast<int>(enc.size()) : static_cast<int>(enc.size()) + end_off;
    int start = kStart[shift];
    out.push_back(end > start ? enc.substr(start, end - start) : std::string());
  }
  return out;
}

namespace {

// Decodes one UTF-8 code point at s[i]; invalid bytes are taken as Latin-1.
char32_t NextCodePoint(std::string_view s, std::size_t& i) {
  auto b = static_cast<std::uint8_t>(s[i]);
  int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (len <= 1 || i + len > s.size()) {
    ++i;
    return b;
  }
  char32_t cp = b & (0x7f >> len);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<std::uint8_t>(s[i + k]) & 0x3f);
  i += len;
  return cp;
}

void PutUnit(std::string& out, std::uint16_t unit, bool big_endian) {
  char lo = static_cast<char>(unit & 0xff), hi = static_cast<char>(unit >> 8);
  if (big_endian) {
    out += hi;
    out += lo;
  } else {
    out += lo;
    out += hi;
  }
}

}  // namespace

std::string Utf16(std::string_view utf8, bool big_endian) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t cp = NextCodePoint(utf8, i);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      PutUnit(out, static_cast<std::uint16_t>(0xd800 + (cp >> 10)), big_endian);
      PutUnit(out, static_cast<std::uint16_t>(0xdc00 + (cp & 0x3ff)), big_endian);
    } else {
      PutUnit(out, static_cast<std::uint16_t>(cp), big_endian);
    }
  }
  return out;
}

bool ParseNumber(std::string_view text, double& out) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '+')) text.remove_prefix(1);
  if (text.empty()) return false;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    std::uint64_t v = 0;
    auto r = std::from_chars(text.data() + 2, text.data() + text.size(), v, 16);
    if (r.ec != std::errc() || r.ptr != text.data() + text.size()) return false;
    out = static_cast<double>(v);
    return true;
  }
  auto r = std::from_chars(text.data(), text.data() + text.size(), out);
  return r.ec == std::errc() && r.ptr == text.data() + text.size();
}

bool ParseIp(std::string_view text, std::array<std::uint8_t, 16>& bytes, bool& v6) {
  if (text.empty() || text.size() > 45) return false;
  char buf[64];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = 0;
  bytes.fill(0);
  if (inet_pton(AF_INET, buf, bytes.data()) == 1) {
    v6 = false;
    return true;
  }
  if (inet_pton(AF_INET6, buf, bytes.data()) == 1) {
    v6 = true;
    return true;
  }
  return false;
}

bool ParseCidr(std::string_view text, Cidr& out) {
  std::size_t slash = text.find('/');
  if (!ParseIp(text.substr(0, slash), out.bytes, out.v6)) return false;
  int max = out.v6 ? 128 : 32;
  out.bits = max;
  if (slash == std::string_view::npos) return true;
  std::string_view bits = text.substr(slash + 1);
  auto r = std::from_chars(bits.data(), bits.data() + bits.size(), out.bits);
  return r.ec == std::errc() && r.ptr == bits.data() + bits.size() && out.bits >= 0 &&
         out.bits <= max;
}

bool InCidr(const Cidr& cidr, std::string_view value) {
  std::array<std::uint8_t, 16> bytes{};
  bool v6 = false;
  if (!ParseIp(value, bytes, v6) || v6 != cidr.v6) return false;
  int full = cidr.bits / 8, rest = cidr.bits % 8;
  if (std::memcmp(bytes.data(), cidr.bytes.data(), static_cast<std::size_t>(full)) != 0) {
    return false;
  }
  if (rest == 0) return true;
  auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (bytes[full] & mask) == (cidr.bytes[full] & mask);
}

bool TimePart(std::string_view text, int part, int& out) {
  // "YYYY-MM-DD[T ]hh:mm[:ss...]"
  if (text.size() < 16) return false;
  auto num = [&](std::size_t at, std::size_t len, int& v) {
    auto r = std::from_chars(text.data() + at, text.data() + at + len, v);
    return r.ec == std::errc() && r.ptr == text.data() + at + len;
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  if (!num(0, 4, y) || text[4] != '-' || !num(5, 2, mo) || text[7] != '-' || !num(8, 2, d) ||
      (text[10] != 'T' && text[10] != ' ') || !num(11, 2, h) || text[13] != ':' ||
      !num(14, 2, mi)) {
    return false;
  }
  switch (part) {
    case 0: out = mi; return true;
    case 1: out = h; return true;
    case 2: out = d; return true;
    case 4: out = mo; return true;
    case 5: out = y; return true;
    default: break;
  }
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = 12;
  time_t t = timegm(&tm);
  std::tm norm{};
  gmtime_r(&t, &norm);
  char buf[8];
  std::strftime(buf, sizeof buf, "%V", &norm);  // ISO 8601 week
  out = std::atoi(buf);
  return true;
}

}  // namespace shrike::sigma_internal
