#include "intel/extract/normalize.h"

#include <unicode/unorm2.h>

#include <array>
#include <cstdint>

namespace shrike::extract {
namespace {

// Decodes one UTF-8 sequence at in[i]. Returns its length, or 0 when the
// bytes there are not a valid, shortest-form sequence of a scalar value.
std::size_t DecodeUtf8(std::string_view in, std::size_t i, char32_t& cp) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(in[i + k]); };
  unsigned char c = b(0);
  std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (len == 0 || c > 0xF4 || i + len > in.size()) return 0;
  cp = c & (0x7F >> len);
  for (std::size_t k = 1; k < len; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(k) & 0x3F);
  }
  static constexpr std::array<char32_t, 5> kMin = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

bool IsDropped(char32_t cp) {
  return cp == 0x00AD || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF;
}

bool IsDotLike(char32_t cp) { return cp == 0x3002 || cp == 0xFF0E || cp == 0xFF61 || cp == 0x30FB; }

bool IsAsciiLabelChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

// Does the code point fold to an ASCII letter or digit (itself or full-width)?
bool FoldsToAsciiAlnum(char32_t cp) {
  if (cp < 0x80) return IsAsciiLabelChar(static_cast<char>(cp)) && cp != '-';
  return (cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
         (cp >= 0xFF41 && cp <= 0xFF5A);
}

const UNormalizer2* Nfkc() {
  static const UNormalizer2* nfkc = [] {
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2* n = unorm2_getNFKCInstance(&err);
    return U_SUCCESS(err) ? n : nullptr;
  }();
  return nfkc;
}

// The NFKC form of one code point, as UTF-8; empty when it is its own form.
std::string NfkcOf(char32_t cp) {
  const UNormalizer2* nfkc = Nfkc();
  if (nfkc == nullptr) return {};
  UChar src[2];
  int32_t len = 0;
  if (cp > 0xFFFF) {
    src[len++] = static_cast<UChar>(0xD7C0 + (cp >> 10));
    src[len++] = static_cast<UChar>(0xDC00 | (cp & 0x3FF));
  } else {
    src[len++] = static_cast<UChar>(cp);
  }
  UErrorCode err = U_ZERO_ERROR;
  if (unorm2_isNormalized(nfkc, src, len, &err) || U_FAILURE(err)) return {};
  std::array<UChar, 32> dst;
  err = U_ZERO_ERROR;
  int32_t n = unorm2_normalize(nfkc, src, len, dst.data(), dst.size(), &err);
  if (U_FAILURE(err)) return {};
  std::string out;
  for (int32_t k = 0; k < n; ++k) {
    char32_t c = dst[k];
    if (c >= 0xD800 && c <= 0xDBFF && k + 1 < n) {
      c = 0x10000 + ((c - 0xD800) << 10) + (dst[k + 1] - 0xDC00);
      ++k;
    }
    AppendUtf8(c, out);
  }
  return out;
}

// A small direct-mapped cache in front of ICU: prose repeats the same few
// hundred non-ASCII characters.
class FoldCache {
 public:
  const std::string& Get(char32_t cp) {
    Slot& s = slots_[cp % slots_.size()];
    if (!s.valid || s.cp != cp) s = {cp, true, NfkcOf(cp)};
    return s.folded;
  }

 private:
  struct Slot {
    char32_t cp = 0;
    bool valid = false;
    std::string folded;
  };
  std::array<Slot, 1024> slots_;
};

class Folder {
 public:
  explicit Folder(std::string_view in) : in_(in) { out_.text.reserve(in.size()); }

  FoldedText Run() && {
    std::size_t i = 0;
    while (i < in_.size())
      i = static_cast<unsigned char>(in_[i]) < 0x80 ? CopyAscii(i) : FoldOne(i);
    return std::move(out_);
  }

 private:
  std::size_t CopyAscii(std::size_t i) {
    std::size_t j = i;
    while (j < in_.size() && static_cast<unsigned char>(in_[j]) < 0x80) ++j;
    Emit(i, in_.substr(i, j - i));
    return j;
  }

  std::size_t FoldOne(std::size_t i) {
    char32_t cp = 0;
    std::size_t len = DecodeUtf8(in_, i, cp);
    if (len == 0) {
      Emit(i, " ");
      return i + 1;
    }
    if (IsDropped(cp)) return i + len;
    if (IsDotLike(cp) && BetweenLabels(i + len)) {
      Emit(i, ".");
    } else if (cp == 0x3010 || cp == 0x3014) {
      Emit(i, "[");
    } else if (cp == 0x3011 || cp == 0x3015) {
      Emit(i, "]");
    } else {
      const std::string& folded = cache_.Get(cp);
      Emit(i, folded.empty() ? in_.substr(i, len) : std::string_view(folded));
    }
    return i + len;
  }

  // Is the last byte written an ASCII label character, and does the next
  // character fold to an ASCII letter or digit?
  bool BetweenLabels(std::size_t next) const {
    if (out_.text.empty() || !IsAsciiLabelChar(out_.text.back())) return false;
    if (next >= in_.size()) return false;
    char32_t cp = static_cast<unsigned char>(in_[next]);
    if (cp >= 0x80 && DecodeUtf8(in_, next, cp) == 0) return false;
    return FoldsToAsciiAlnum(cp);
  }

  void Emit(std::size_t in_pos, std::string_view bytes) {
    out_.map.Mark(out_.text.size(), in_pos);
    out_.text.append(bytes);
  }

  std::string_view in_;
  FoldedText out_;
  FoldCache cache_;
};

}  // namespace

void AppendUtf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

FoldedText FoldText(std::string_view in) { return Folder(in).Run(); }

}  // namespace shrike::extract
