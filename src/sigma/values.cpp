// Value modifiers: "field|mod|mod: values" into a FieldTest of matchers.
//
// Wildcards follow the specification: '*' and '?' are wildcards, a
// backslash escapes '*', '?' and itself, and is literal before anything
// else. Transformations (expand, windash, utf16*, wide, base64,
// base64offset) apply in the order written, then contains / startswith /
// endswith add wildcards, and each resulting pattern becomes the cheapest
// matcher that is exact for it.
#include <algorithm>
#include <set>
#include <string>

#include "sigma/internal.h"
#include "sigma/values.h"

namespace shrike::sigma_internal {
namespace {

// A value with wildcard positions marked (wild[i] is '*', '?' or 0).
struct Pattern {
  std::string chars;
  std::string wild;
  bool HasWildcards() const {
    return std::any_of(wild.begin(), wild.end(), [](char c) { return c != 0; });
  }
  void Append(std::string_view s) {
    chars.append(s);
    wild.append(s.size(), '\0');
  }
};

Pattern ParseWildcards(std::string_view s) {
  Pattern p;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\' && i + 1 < s.size() && (s[i + 1] == '*' || s[i + 1] == '?' || s[i + 1] == '\\')) {
      p.chars += s[++i];
      p.wild += '\0';
    } else if (c == '*' || c == '?') {
      p.chars += c;
      p.wild += c;
    } else {
      p.chars += c;
      p.wild += '\0';
    }
  }
  return p;
}

struct Modifiers {
  std::vector<std::string> transforms;  // in order
  std::string type;                     // contains startswith endswith re cidr lt ... or ""
  bool all = false, cased = false, neq = false, fieldref = false;
  int re_flags = 0;
  int time_part = -1;
};

constexpr std::string_view kTimeParts[] = {"minute", "hour", "day", "week", "month", "year"};

std::optional<CompileError> ParseModifiers(const std::vector<std::string>& names, Modifiers& m) {
  for (const std::string& raw : names) {
    std::string name = Lower(raw);
    if (name == "all") {
      m.all = true;
    } else if (name == "cased") {
      m.cased = true;
    } else if (name == "neq") {
      m.neq = true;
    } else if (name == "fieldref") {
      m.fieldref = true;
    } else if (name == "i" || name == "ignorecase") {
      m.re_flags |= HS_FLAG_CASELESS;
    } else if (name == "m" || name == "multiline") {
      m.re_flags |= HS_FLAG_MULTILINE;
    } else if (name == "s" || name == "dotall") {
      m.re_flags |= HS_FLAG_DOTALL;
    } else if (name == "windash" || name == "base64" || name == "base64offset" ||
               name == "utf16le" || name == "utf16be" || name == "utf16" || name == "wide" ||
               name == "expand") {
      m.transforms.push_back(name);
    } else if (name == "contains" || name == "startswith" || name == "endswith" || name == "re" ||
               name == "cidr" || name == "lt" || name == "lte" || name == "gt" || name == "gte" ||
               name == "exists") {
      if (!m.type.empty()) {
        return CompileError{"modifiers '" + m.type + "' and '" + name + "' together"};
      }
      m.type = name;
    } else if (auto it = std::find(std::begin(kTimeParts), std::end(kTimeParts), name);
               it != std::end(kTimeParts)) {
      m.time_part = static_cast<int>(it - std::begin(kTimeParts));
    } else {
      return CompileError{"unsupported modifier '" + raw + "'"};
    }
  }
  if (m.re_flags != 0 && m.type != "re") return CompileError{"regex flags without 're'"};
  return std::nullopt;
}

// windash: '-' or '/' after a non-word character and before a word character.
std::vector<Pattern> WinDash(const Pattern& p) {
  static constexpr std::string_view kDashes[] = {"-", "/", "\xe2\x80\x93", "\xe2\x80\x94",
                                                 "\xe2\x80\x95"};
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  std::vector<Pattern> out{Pattern{}};
  for (std::size_t i = 0; i < p.chars.size(); ++i) {
    char c = p.chars[i];
    bool dash = p.wild[i] == 0 && (c == '-' || c == '/') && (i == 0 || !word(p.chars[i - 1])) &&
                i + 1 < p.chars.size() && word(p.chars[i + 1]);
    if (!dash) {
      for (Pattern& o : out) {
        o.chars += c;
        o.wild += p.wild[i];
      }
      continue;
    }
    std::vector<Pattern> next;
    for (const Pattern& o : out) {
      for (std::string_view d : kDashes) {
        Pattern n = o;
        n.Append(d);
        next.push_back(std::move(n));
      }
    }
    out = std::move(next);
    if (out.size() > 625) break;
  }
  return out;
}

std::optional<CompileError> Expand(const Pattern& p, const Placeholders& placeholders,
                                   std::vector<Pattern>& out) {
  std::size_t open = p.chars.find('%');
  std::size_t close = open == std::string::npos ? open : p.chars.find('%', open + 1);
  if (close == std::string::npos) {
    out.push_back(p);
    return std::nullopt;
  }
  std::string name = p.chars.substr(open + 1, close - open - 1);
  auto it = placeholders.find(name);
  if (it == placeholders.end()) return CompileError{"placeholder %" + name + "% has no value"};
  Pattern head{p.chars.substr(0, open), p.wild.substr(0, open)};
  Pattern tail{p.chars.substr(close + 1), p.wild.substr(close + 1)};
  for (const std::string& v : it->second) {
    Pattern n = head;
    Pattern val = ParseWildcards(v);
    n.chars += val.chars + tail.chars;
    n.wild += val.wild + tail.wild;
    if (auto e = Expand(n, placeholders, out)) return e;
  }
  return std::nullopt;
}

std::optional<CompileError> Transform(const std::string& t, const Placeholders& placeholders,
                                      std::vector<Pattern>& patterns) {
  std::vector<Pattern> next;
  for (const Pattern& p : patterns) {
    if (t == "windash") {
      for (Pattern& w : WinDash(p)) next.push_back(std::move(w));
      continue;
    }
    if (t == "expand") {
      if (auto e = Expand(p, placeholders, next)) return e;
      continue;
    }
    if (p.HasWildcards()) return CompileError{"wildcard in a value encoded with '" + t + "'"};
    if (t == "base64offset") {
      for (std::string& s : Base64Offsets(p.chars))
        next.push_back(Pattern{s, std::string(s.size(), '\0')});
      continue;
    }
    std::string s = t == "base64"    ? Base64(p.chars)
                    : t == "utf16be" ? Utf16(p.chars, true)
                    : t == "utf16"   ? "\xff\xfe" + Utf16(p.chars, false)
                                     : Utf16(p.chars, false);
    next.push_back(Pattern{s, std::string(s.size(), '\0')});
  }
  patterns = std::move(next);
  return std::nullopt;
}

ValueMatcher FromPattern(Pattern p, const std::string& type, bool cased) {
  if (type == "contains" || type == "endswith") {
    p.chars.insert(0, 1, '*');
    p.wild.insert(0, 1, '*');
  }
  if (type == "contains" || type == "startswith") {
    p.chars += '*';
    p.wild += '*';
  }
  ValueMatcher m;
  m.cased = cased;
  std::size_t b = 0, e = p.chars.size();
  while (b < e && p.wild[b] == '*') ++b;
  while (e > b && p.wild[e - 1] == '*') --e;
  bool lead = b > 0, trail = e < p.chars.size();
  Pattern core{p.chars.substr(b, e - b), p.wild.substr(b, e - b)};
  if (!core.HasWildcards()) {
    m.op = lead && trail ? Op::kContains : lead ? Op::kSuffix : trail ? Op::kPrefix : Op::kEquals;
    m.text = core.chars;
  } else {
    m.op = Op::kGlob;
    m.text = p.chars;
    m.wild = p.wild;
  }
  if (!cased) LowerInPlace(m.text);
  return m;
}

std::optional<CompileError> CompileRegex(const std::string& re, int flags, RuleSetData& data,
                                         ValueMatcher& m) {
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  unsigned f = static_cast<unsigned>(flags) | HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY;
  if (hs_compile(re.c_str(), f, HS_MODE_BLOCK, nullptr, &db, &err) != HS_SUCCESS) {
    std::string msg = err != nullptr && err->message != nullptr ? err->message : "unknown";
    hs_free_compile_error(err);
    return CompileError{"regex not supported by Vectorscan (" + msg + "): " + re.substr(0, 80)};
  }
  m.op = Op::kRegex;
  m.regex = static_cast<int>(data.regexes.size());
  data.regexes.emplace_back(db);
  return std::nullopt;
}

std::optional<CompileError> CompileOne(const Modifiers& m, const YAML::Node& value,
                                       const Placeholders& placeholders,
                                       const std::function<int(const std::string&)>& map_field,
                                       RuleSetData& data, std::vector<ValueMatcher>& out) {
  if (value.IsNull()) {
    ValueMatcher n;
    n.op = Op::kNull;
    out.push_back(n);
    return std::nullopt;
  }
  if (!value.IsScalar()) return CompileError{"a value is a list or map, not a scalar"};
  const std::string& text = value.Scalar();
  ValueMatcher v;
  v.cased = m.cased;
  if (m.fieldref) {
    v.ref = map_field(text);
    v.op = m.type == "contains"     ? Op::kFieldRefContains
           : m.type == "startswith" ? Op::kFieldRefPrefix
           : m.type == "endswith"   ? Op::kFieldRefSuffix
                                    : Op::kFieldRefEq;
    out.push_back(v);
    return std::nullopt;
  }
  if (m.type == "exists") {
    std::string t = Lower(text);
    if (t != "true" && t != "false") return CompileError{"'exists' needs true or false"};
    v.op = Op::kExists;
    v.number = t == "true" ? 1 : 0;
  } else if (m.type == "re") {
    if (auto e = CompileRegex(text, m.re_flags, data, v)) return e;
  } else if (m.type == "cidr") {
    v.op = Op::kCidr;
    if (!ParseCidr(text, v.cidr)) return CompileError{"bad CIDR '" + text + "'"};
  } else if (m.type == "lt" || m.type == "lte" || m.type == "gt" || m.type == "gte" ||
             m.time_part >= 0) {
    if (!ParseNumber(text, v.number)) return CompileError{"not a number: '" + text + "'"};
    v.op = m.time_part >= 0  ? Op::kTimePart
           : m.type == "lt"  ? Op::kLt
           : m.type == "lte" ? Op::kLte
           : m.type == "gt"  ? Op::kGt
                             : Op::kGte;
    v.time_part = m.time_part;
  } else {
    std::vector<Pattern> patterns{ParseWildcards(text)};
    for (const std::string& t : m.transforms) {
      if (auto e = Transform(t, placeholders, patterns)) return e;
    }
    for (Pattern& p : patterns) out.push_back(FromPattern(std::move(p), m.type, m.cased));
    return std::nullopt;
  }
  out.push_back(v);
  return std::nullopt;
}

// Many exact values in an OR list: one set lookup instead of N compares.
void MakeExactSet(FieldTest& t) {
  if (t.all || t.matchers.size() < 8) return;
  bool cased = t.matchers.front().cased;
  std::size_t exact = 0;
  for (const ValueMatcher& m : t.matchers) exact += m.op == Op::kEquals && m.cased == cased;
  if (exact < 8) return;
  std::vector<ValueMatcher> rest;
  for (ValueMatcher& m : t.matchers) {
    if (m.op == Op::kEquals && m.cased == cased) {
      t.exact.insert(m.text);
    } else {
      rest.push_back(std::move(m));
    }
  }
  t.matchers = std::move(rest);
  t.exact_cased = cased;
}

// Many "endswith '\\name'" values: one lookup of the last path component.
void MakePathSuffixSet(FieldTest& t) {
  if (t.all || t.matchers.size() < 4) return;
  auto fits = [](const ValueMatcher& m) {
    return m.op == Op::kSuffix && !m.cased && m.text.size() > 1 && m.text[0] == '\\' &&
           m.text.find('\\', 1) == std::string::npos;
  };
  if (std::count_if(t.matchers.begin(), t.matchers.end(), fits) < 4) return;
  std::vector<ValueMatcher> rest;
  for (ValueMatcher& m : t.matchers) {
    if (fits(m)) {
      t.path_suffixes.insert(m.text);
    } else {
      rest.push_back(std::move(m));
    }
  }
  t.matchers = std::move(rest);
}

}  // namespace

std::optional<CompileError> CompileFieldTest(
    const std::vector<std::string>& modifiers, const YAML::Node& values, int field_id,
    const Placeholders& placeholders, const std::function<int(const std::string&)>& map_field,
    RuleSetData& data, FieldTest& out) {
  Modifiers m;
  if (auto e = ParseModifiers(modifiers, m)) return e;
  out.field = field_id;
  out.all = m.all;
  out.negate = m.neq;
  if (values.IsSequence()) {
    if (values.size() == 0) return CompileError{"empty value list"};
    int group = 0;
    for (const YAML::Node& v : values) {
      std::size_t first = out.matchers.size();
      if (auto e = CompileOne(m, v, placeholders, map_field, data, out.matchers)) return e;
      for (std::size_t i = first; i < out.matchers.size(); ++i) out.matchers[i].group = group;
      ++group;
    }
  } else if (values.IsMap()) {
    return CompileError{"a field's value is a map"};
  } else {
    if (auto e = CompileOne(m, values, placeholders, map_field, data, out.matchers)) return e;
  }
  if (field_id < 0) {
    // Keywords: full-text search, a plain value matches anywhere in a value.
    for (ValueMatcher& v : out.matchers) {
      if (v.op == Op::kEquals) v.op = Op::kContains;
    }
  }
  MakeExactSet(out);
  MakePathSuffixSet(out);
  for (const ValueMatcher& v : out.matchers) {
    out.any_presence = out.any_presence || v.op == Op::kNull || v.op == Op::kExists;
  }
  return std::nullopt;
}

}  // namespace shrike::sigma_internal
