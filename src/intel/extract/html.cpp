#include "intel/extract/html.h"

#include <algorithm>
#include <array>
#include <utility>

#include "core/strings.h"
#include "intel/extract/normalize.h"

namespace shrike::extract {
namespace {

bool IsTagNameChar(char c) { return IsAlnum(c); }

bool ContainsIgnoreCase(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    if (EqualsIgnoreCase(hay.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

// Finds `needle` (ASCII, lower case) in hay from `from`, ignoring case.
std::size_t FindIgnoreCase(std::string_view hay, std::string_view needle, std::size_t from) {
  for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
    if (AsciiLower(hay[i]) == needle[0] && EqualsIgnoreCase(hay.substr(i, needle.size()), needle)) {
      return i;
    }
  }
  return std::string_view::npos;
}

bool IsInlineTag(std::string_view name) {
  static constexpr std::array<std::string_view, 22> kInline = {
      "a",    "abbr",  "b",    "big",    "code", "em",  "font", "i", "kbd", "mark", "s",
      "samp", "small", "span", "strong", "sub",  "sup", "tt",   "u", "var", "wbr",  "del"};
  for (std::string_view t : kInline) {
    if (EqualsIgnoreCase(t, name)) return true;
  }
  return false;
}

struct NamedEntity {
  std::string_view name;
  char32_t cp;
};
constexpr std::array<NamedEntity, 18> kEntities = {{{"amp", '&'},
                                                    {"lt", '<'},
                                                    {"gt", '>'},
                                                    {"quot", '"'},
                                                    {"apos", '\''},
                                                    {"nbsp", ' '},
                                                    {"period", '.'},
                                                    {"lsqb", '['},
                                                    {"rsqb", ']'},
                                                    {"lbrack", '['},
                                                    {"rbrack", ']'},
                                                    {"lpar", '('},
                                                    {"rpar", ')'},
                                                    {"commat", '@'},
                                                    {"colon", ':'},
                                                    {"sol", '/'},
                                                    {"ndash", 0x2013},
                                                    {"mdash", 0x2014}}};

class HtmlStripper {
 public:
  explicit HtmlStripper(std::string_view in) : in_(in) { out_.text.reserve(in.size()); }

  HtmlText Run() && {
    std::size_t i = 0;
    while (i < in_.size()) {
      if (in_[i] == '<') {
        i = SkipMarkup(i);
      } else if (in_[i] == '&') {
        i = DecodeEntity(i);
      } else {
        std::size_t j = in_.find_first_of("<&", i);
        if (j == std::string_view::npos) j = in_.size();
        Emit(i, in_.substr(i, j - i));
        i = j;
      }
    }
    return std::move(out_);
  }

 private:
  void Emit(std::size_t in_pos, std::string_view bytes) {
    out_.map.Mark(out_.text.size(), in_pos);
    out_.text.append(bytes);
  }

  std::size_t SkipTo(std::string_view end, std::size_t from) const {
    std::size_t j = in_.find(end, from);
    return j == std::string_view::npos ? in_.size() : j + end.size();
  }

  // Skips a tag, comment, script or style element starting at in_[i] == '<'.
  std::size_t SkipMarkup(std::size_t i) {
    if (in_.compare(i, 4, "<!--") == 0) return SkipTo("-->", i + 4);
    std::size_t name_begin = i + 1 + (i + 1 < in_.size() && in_[i + 1] == '/');
    std::size_t name_end = name_begin;
    while (name_end < in_.size() && IsTagNameChar(in_[name_end])) ++name_end;
    bool is_tag = name_end > name_begin || (name_begin < in_.size() && in_[name_begin] == '!');
    if (!is_tag) {  // a lone '<' in text
      Emit(i, "<");
      return i + 1;
    }
    std::string_view name = in_.substr(name_begin, name_end - name_begin);
    std::size_t end = SkipTo(">", name_end);
    bool opening = in_[i + 1] != '/';
    if (opening && (EqualsIgnoreCase(name, "script") || EqualsIgnoreCase(name, "style"))) {
      std::string closing = "</" + AsciiLower(name);
      std::size_t close = FindIgnoreCase(in_, closing, end);
      end = close == std::string_view::npos ? in_.size() : SkipTo(">", close);
    }
    if (!IsInlineTag(name)) Emit(i, "\n");
    return end;
  }

  // Decodes a character reference at in_[i] == '&'; a '&' that starts none
  // is kept as it is.
  std::size_t DecodeEntity(std::size_t i) {
    std::size_t semi = in_.substr(0, std::min(in_.size(), i + 12)).find(';', i + 1);
    if (semi == std::string_view::npos) {
      Emit(i, "&");
      return i + 1;
    }
    std::string_view body = in_.substr(i + 1, semi - i - 1);
    char32_t cp = 0;
    if (!ParseReference(body, cp)) {
      Emit(i, "&");
      return i + 1;
    }
    std::string utf8;
    AppendUtf8(cp, utf8);
    Emit(i, utf8);
    return semi + 1;
  }

  static bool ParseReference(std::string_view body, char32_t& cp) {
    if (body.size() >= 2 && body[0] == '#') {
      bool hex = body[1] == 'x' || body[1] == 'X';
      std::string_view digits = body.substr(hex ? 2 : 1);
      if (digits.empty()) return false;
      std::uint32_t v = 0;
      for (char c : digits) {
        if (hex ? !IsHexDigit(c) : !IsDigit(c)) return false;
        v = v * (hex ? 16 : 10) + static_cast<std::uint32_t>(HexValue(c));
        if (v > 0x10FFFF) return false;
      }
      cp = (v == 0 || (v >= 0xD800 && v <= 0xDFFF)) ? 0xFFFD : v;
      return true;
    }
    for (const NamedEntity& e : kEntities) {
      if (e.name == body) {
        cp = e.cp;
        return true;
      }
    }
    return false;
  }

  static int HexValue(char c) {
    if (IsDigit(c)) return c - '0';
    return AsciiLower(c) - 'a' + 10;
  }

  std::string_view in_;
  HtmlText out_;
};

}  // namespace

bool LooksLikeHtml(std::string_view text) {
  std::size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < text.size() &&
         (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
    ++i;
  if (i >= text.size() || text[i] != '<') return false;
  std::string_view head = text.substr(i, 4096);
  static constexpr std::array<std::string_view, 8> kMarkers = {
      "<html", "<!doctype html", "<head", "<body", "<div", "<p>", "<table", "<meta"};
  for (std::string_view m : kMarkers) {
    if (ContainsIgnoreCase(head, m)) return true;
  }
  return false;
}

HtmlText HtmlToText(std::string_view html) { return HtmlStripper(html).Run(); }

}  // namespace shrike::extract
