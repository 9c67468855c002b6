#include "intel/extract/refang.h"

#include <algorithm>
#include <array>

#include "core/strings.h"
#include "intel/extract/normalize.h"
#include "shrike/extract.h"

namespace shrike::extract {
namespace {

bool IsLabelChar(char c) { return IsAlnum(c) || c == '-' || c == '_'; }

struct SchemeForm {
  std::string_view defanged;
  std::string_view fanged;
};
// Longer forms first: "hxxps" must win over "hxxp".
constexpr std::array<SchemeForm, 10> kSchemes = {{{"hxxps", "https"},
                                                  {"hxxxp", "http"},
                                                  {"hxxp", "http"},
                                                  {"h**ps", "https"},
                                                  {"h**p", "http"},
                                                  {"hxtps", "https"},
                                                  {"hxtp", "http"},
                                                  {"fxps", "ftps"},
                                                  {"fxp", "ftp"},
                                                  {"hxps", "https"}}};

struct BracketForm {
  std::string_view inner;  // lower case
  std::string_view fanged;
  bool between_labels;  // only between label characters (and eats one space each side)
};
constexpr std::array<BracketForm, 8> kBracketForms = {{{"://", "://", false},
                                                       {"//", "//", false},
                                                       {":", ":", false},
                                                       {"/", "/", false},
                                                       {".", ".", true},
                                                       {"dot", ".", true},
                                                       {"@", "@", true},
                                                       {"at", "@", true}}};

// Which bytes may start a defang form: brackets, backslashes, colons and
// spaces anywhere; scheme letters and digits at the start of a word. A
// table, because the copy loop tests every byte.
enum class Trigger : unsigned char { kNever, kAlways, kWordStart, kBeforeDot, kBeforeBackslash };
struct TriggerTable {
  std::array<Trigger, 256> kind{};
  constexpr TriggerTable() {
    for (char c : std::string_view("[({<\\"))
      kind[static_cast<unsigned char>(c)] = Trigger::kAlways;
    kind[' '] = Trigger::kBeforeDot;
    kind[':'] = Trigger::kBeforeBackslash;
    for (char c : std::string_view("hHfF0123456789")) {
      kind[static_cast<unsigned char>(c)] = Trigger::kWordStart;
    }
  }
};
constexpr TriggerTable kTriggers;

char Closing(char open) {
  switch (open) {
    case '[': return ']';
    case '(': return ')';
    case '{': return '}';
    default: return '>';
  }
}

class Refanger {
 public:
  explicit Refanger(std::string_view in) : in_(in) { out_.text.reserve(in.size()); }

  RefangedText Run() && {
    std::size_t i = 0;
    while (i < in_.size()) i = Step(i);
    return std::move(out_);
  }

 private:
  char At(std::size_t i) const { return i < in_.size() ? in_[i] : '\0'; }
  char Last(std::size_t back = 0) const {
    return out_.text.size() > back ? out_.text[out_.text.size() - 1 - back] : '\0';
  }
  bool AfterWordStart() const { return !IsAlnum(Last()); }

  std::size_t Step(std::size_t i) {
    std::size_t next = 0;
    char c = in_[i];
    bool done = false;
    switch (c) {
      case '[':
      case '(':
      case '{':
      case '<': done = TryBracket(i, next); break;
      case '\\': done = TryEscapedDot(i, next); break;
      case ':': done = TryEscapedSlashes(i, next); break;
      case ' ': done = TrySpacedDot(i, next); break;
      case 'h':
      case 'H':
      case 'f':
      case 'F': done = AfterWordStart() && TryScheme(i, next); break;
      default: done = IsDigit(c) && AfterWordStart() && Last() != '.' && TryCommaIpv4(i, next);
    }
    return done ? next : CopyRun(i);
  }

  // Copies from i up to the next byte that may start a defang form.
  std::size_t CopyRun(std::size_t i) {
    std::size_t j = i + 1;
    while (j < in_.size() && !MayStartForm(j)) ++j;
    Emit(i, in_.substr(i, j - i), false);
    return j;
  }

  bool MayStartForm(std::size_t j) const {
    switch (kTriggers.kind[static_cast<unsigned char>(in_[j])]) {
      case Trigger::kAlways: return true;
      case Trigger::kWordStart: return !IsAlnum(in_[j - 1]) && in_[j - 1] != '.';
      case Trigger::kBeforeDot: return At(j + 1) == '.';
      case Trigger::kBeforeBackslash: return At(j + 1) == '\\';
      default: return false;
    }
  }

  void Emit(std::size_t in_pos, std::string_view bytes, bool defanged) {
    std::size_t at = out_.text.size();
    out_.map.Mark(at, in_pos);
    out_.text.append(bytes);
    if (defanged) out_.defanged.Add(at, out_.text.size());
  }

  bool LabelBefore() const {
    return IsLabelChar(Last()) || (Last() == ' ' && IsLabelChar(Last(1)));
  }
  bool LabelAt(std::size_t k) const {
    return IsLabelChar(At(k)) || (At(k) == ' ' && IsLabelChar(At(k + 1)));
  }

  bool TryBracket(std::size_t i, std::size_t& next) {
    char close = Closing(in_[i]);
    std::size_t k = i + 1;
    if (At(k) == ' ') ++k;
    for (const BracketForm& form : kBracketForms) {
      std::string_view inner = in_.substr(std::min(k, in_.size()), form.inner.size());
      if (!EqualsIgnoreCase(inner, form.inner)) continue;
      std::size_t end = k + form.inner.size();
      if (At(end) == ' ') ++end;
      if (At(end) != close) continue;
      return ApplyBracket(i, end + 1, form, next);
    }
    return false;
  }

  bool ApplyBracket(std::size_t i, std::size_t after, const BracketForm& form, std::size_t& next) {
    if (form.between_labels) {
      if (!LabelBefore() || !LabelAt(after)) return false;
      if (Last() == ' ') out_.text.pop_back();
      if (At(after) == ' ') ++after;
    } else if (form.fanged == ":" && !IsLabelChar(Last())) {
      return false;
    }
    Emit(i, form.fanged, true);
    next = after;
    return true;
  }

  bool TryEscapedDot(std::size_t i, std::size_t& next) {
    if (At(i + 1) != '.' || !IsLabelChar(Last()) || !IsLabelChar(At(i + 2))) return false;
    Emit(i, ".", true);
    next = i + 2;
    return true;
  }

  bool TryEscapedSlashes(std::size_t i, std::size_t& next) {
    for (std::string_view form : {std::string_view(":\\\\/\\\\/"), std::string_view(":\\/\\/")}) {
      if (in_.substr(i, form.size()) == form) {
        Emit(i, "://", true);
        next = i + form.size();
        return true;
      }
    }
    return false;
  }

  // " . " between a label and a lower-case label: "evil . com".
  bool TrySpacedDot(std::size_t i, std::size_t& next) {
    if (At(i + 1) != '.' || At(i + 2) != ' ' || !IsLabelChar(Last())) return false;
    std::size_t k = i + 3;
    std::size_t end = std::min(in_.size(), k + 64);
    while (k < end && (IsDigit(in_[k]) || (in_[k] >= 'a' && in_[k] <= 'z') || in_[k] == '-')) ++k;
    if (k == i + 3 || IsAlpha(At(k))) return false;
    Emit(i, ".", true);
    next = i + 3;
    return true;
  }

  bool TryScheme(std::size_t i, std::size_t& next) {
    for (const SchemeForm& s : kSchemes) {
      if (!EqualsIgnoreCase(in_.substr(i, s.defanged.size()), s.defanged)) continue;
      char after = At(i + s.defanged.size());
      if (after != ':' && after != '[' && after != '(' && after != '{') return false;
      Emit(i, s.fanged, true);
      next = i + s.defanged.size();
      return true;
    }
    return false;
  }

  // 1,2,3,4 standing alone on its line (after bullets or a "label:").
  bool TryCommaIpv4(std::size_t i, std::size_t& next) {
    std::size_t k = i;
    for (int group = 0; group < 4; ++group) {
      if (group > 0 && At(k++) != ',') return false;
      std::size_t start = k;
      int value = 0;
      while (IsDigit(At(k)) && k - start < 3) value = value * 10 + (in_[k++] - '0');
      if (k == start || value > 255 || (k - start > 1 && in_[start] == '0')) return false;
    }
    if (IsAlnum(At(k)) || At(k) == ',' || At(k) == '.') return false;
    if (!StandsAlone(i, k)) return false;
    std::string dotted(in_.substr(i, k - i));
    std::replace(dotted.begin(), dotted.end(), ',', '.');
    Emit(i, dotted, true);
    next = k;
    return true;
  }

  bool StandsAlone(std::size_t begin, std::size_t end) const {
    std::size_t b = begin;
    std::size_t limit = begin > 32 ? begin - 32 : 0;
    while (b > limit && std::string_view(" \t-*+>#").find(in_[b - 1]) != std::string_view::npos)
      --b;
    bool head = b == 0 || in_[b - 1] == '\n' || in_[b - 1] == ':';
    std::size_t e = end;
    while (e < in_.size() && e - end < 32 && (in_[e] == ' ' || in_[e] == '\t' || in_[e] == '\r'))
      ++e;
    return head && (e == in_.size() || in_[e] == '\n');
  }

  std::string_view in_;
  RefangedText out_;
};

}  // namespace

void DefangSpans::Add(std::size_t begin, std::size_t end) {
  if (!spans_.empty() && spans_.back().second >= begin) {
    spans_.back().second = std::max(spans_.back().second, end);
    return;
  }
  spans_.emplace_back(begin, end);
}

bool DefangSpans::Overlaps(std::size_t begin, std::size_t end) const {
  auto it = std::upper_bound(spans_.begin(), spans_.end(), begin,
                             [](std::size_t pos, const auto& s) { return pos < s.second; });
  return it != spans_.end() && it->first < end;
}

RefangedText RefangText(std::string_view in) { return Refanger(in).Run(); }

}  // namespace shrike::extract

namespace shrike {

std::string Refang(std::string_view text) {
  extract::FoldedText folded = extract::FoldText(text);
  return extract::RefangText(folded.text).text;
}

}  // namespace shrike
