// Evaluating compiled selections and condition programs over an EventView.
#include "sigma/matching.h"

#include <cmath>
#include <cstring>

#include "sigma/internal.h"

namespace shrike::sigma_internal {
namespace {

int OnRegexMatch(unsigned, unsigned long long, unsigned long long, unsigned, void*) {
  return 1;  // stop: one match decides
}

bool Compare(Op op, double a, double b) {
  switch (op) {
    case Op::kLt: return a < b;
    case Op::kLte: return a <= b;
    case Op::kGt: return a > b;
    default: return a >= b;
  }
}

// Equal bytes; the first compared inline (most comparisons fail there).
inline bool Same(const char* a, const char* b, std::size_t n) {
  return n == 0 || (a[0] == b[0] && std::memcmp(a, b, n) == 0);
}

bool TextMatch(Op op, std::string_view text, std::string_view want) {
  switch (op) {
    case Op::kFieldRefPrefix:
    case Op::kPrefix:
      return text.size() >= want.size() && Same(text.data(), want.data(), want.size());
    case Op::kFieldRefSuffix:
    case Op::kSuffix:
      return text.size() >= want.size() &&
             Same(text.data() + text.size() - want.size(), want.data(), want.size());
    case Op::kFieldRefContains:
    case Op::kContains: return text.find(want) != std::string_view::npos;
    default: return text.size() == want.size() && Same(text.data(), want.data(), want.size());
  }
}

}  // namespace

bool Matcher::MatchValue(const ValueMatcher& m, const ViewValue& v) {
  std::string_view text = m.cased ? v.raw : std::string_view(v.lower);
  switch (m.op) {
    case Op::kEquals:
    case Op::kPrefix:
    case Op::kSuffix:
    case Op::kContains: return TextMatch(m.op, text, m.text);
    case Op::kGlob: return GlobMatch(text, m.text, m.wild);
    case Op::kRegex: {
      const auto& db = data_.regexes[static_cast<std::size_t>(m.regex)];
      return hs_scan(db.get(), v.raw.data(), static_cast<unsigned>(v.raw.size()), 0, scratch_,
                     OnRegexMatch, nullptr) == HS_SCAN_TERMINATED;
    }
    case Op::kCidr: return InCidr(m.cidr, v.raw);
    case Op::kLt:
    case Op::kLte:
    case Op::kGt:
    case Op::kGte: {
      double x = 0;
      return ParseNumber(v.raw, x) && Compare(m.op, x, m.number);
    }
    case Op::kTimePart: {
      int part = 0;
      return TimePart(v.raw, m.time_part, part) && part == static_cast<int>(m.number);
    }
    case Op::kFieldRefEq:
    case Op::kFieldRefPrefix:
    case Op::kFieldRefSuffix:
    case Op::kFieldRefContains:
      for (int r = view_.First(m.ref); r >= 0; r = view_.value(r).next) {
        const ViewValue& other = view_.value(r);
        std::string_view want = m.cased ? other.raw : std::string_view(other.lower);
        if (TextMatch(m.op, text, want)) return true;
      }
      return false;
    default: return false;
  }
}

bool Matcher::AnyValue(const ValueMatcher& m, int field) {
  if (field < 0) {
    for (std::size_t i = 0; i < view_.size(); ++i) {
      if (MatchValue(m, view_.value(static_cast<int>(i)))) return true;
    }
    return false;
  }
  for (int i = view_.First(field); i >= 0; i = view_.value(i).next) {
    if (MatchValue(m, view_.value(i))) return true;
  }
  return false;
}

bool Matcher::Presence(const ValueMatcher& m, int field, bool& result) const {
  if (m.op == Op::kExists) {
    result = (view_.First(field) >= 0) == (m.number != 0);
    return true;
  }
  if (m.op == Op::kNull) {
    result = true;
    for (int i = view_.First(field); i >= 0; i = view_.value(i).next) {
      if (!view_.value(i).raw.empty()) result = false;
    }
    return true;
  }
  return false;
}

bool Matcher::ExactSet(const FieldTest& t) {
  if (t.exact.empty() && t.path_suffixes.empty()) return false;
  for (int i = view_.First(t.field); i >= 0; i = view_.value(i).next) {
    const ViewValue& v = view_.value(i);
    if (!t.exact.empty() && t.exact.count(t.exact_cased ? std::string(v.raw) : v.lower) != 0) {
      return true;
    }
    if (t.path_suffixes.empty()) continue;
    std::size_t slash = v.lower.rfind('\\');
    if (slash != std::string::npos && t.path_suffixes.count(v.lower.substr(slash)) != 0) {
      return true;
    }
  }
  return false;
}

bool Matcher::One(const FieldTest& t, const ValueMatcher& m) {
  bool presence = false;
  if (t.any_presence && Presence(m, t.field, presence)) return presence;
  return AnyValue(m, t.field);
}

bool Matcher::Test(const FieldTest& t) {
  if (t.negate) {
    if (view_.First(t.field) < 0) return false;
    FieldTest plain = t;  // rare: neq
    plain.negate = false;
    return !Test(plain);
  }
  if (!t.any_presence && t.field >= 0 && view_.First(t.field) < 0) return false;
  if (!t.all) {
    if (ExactSet(t)) return true;
    for (const ValueMatcher& m : t.matchers) {
      if (One(t, m)) return true;
    }
    return false;
  }
  // all: every listed value (group) must match through one of its forms.
  int group = -1;
  bool group_ok = true;
  for (const ValueMatcher& m : t.matchers) {
    if (m.group != group) {
      if (!group_ok) return false;
      group = m.group;
      group_ok = false;
    }
    if (!group_ok && One(t, m)) group_ok = true;
  }
  return group_ok;
}

bool Matcher::SelectionHolds(const Selection& s) {
  for (const auto& alt : s.alternatives) {
    bool all = true;
    for (const FieldTest& t : alt) {
      if (!Test(t)) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

bool Matcher::SelectionValue(const Program& p, int index) {
  auto i = static_cast<std::size_t>(index);
  if (cache_[i] < 0) cache_[i] = SelectionHolds(p.selections[i]) ? 1 : 0;
  return cache_[i] == 1;
}

bool Matcher::Eval(const Program& p, int node, int depth) {
  const Node& n = p.nodes[static_cast<std::size_t>(node)];
  if (depth > 256) return false;
  switch (n.kind) {
    case NodeKind::kSel: return SelectionValue(p, n.selection);
    case NodeKind::kNot: return !Eval(p, n.children[0], depth + 1);
    case NodeKind::kAnd:
      for (int c : n.children) {
        if (!Eval(p, c, depth + 1)) return false;
      }
      return true;
    case NodeKind::kOr:
      for (int c : n.children) {
        if (Eval(p, c, depth + 1)) return true;
      }
      return false;
    case NodeKind::kOf: {
      int need = n.count == 0 ? static_cast<int>(n.children.size()) : n.count;
      int have = 0;
      for (int s : n.children) {
        if (SelectionValue(p, s) && ++have >= need) return true;
      }
      return false;
    }
    default: return true;
  }
}

bool Matcher::Matches(const Program& p) {
  cache_.assign(p.selections.size(), -1);
  return p.root >= 0 && Eval(p, p.root, 0);
}

}  // namespace shrike::sigma_internal
