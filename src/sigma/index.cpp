// The rule set's indexes: logsource buckets and the literal prefilter.
//
// For each variant we derive a necessary condition: a set of (field,
// literal) pairs of which at least one must occur (lower-cased) in the
// event for the variant to possibly match. AND picks its most selective
// child, OR unions, NOT and non-literal tests give no condition (the
// variant is then always evaluated for its buckets). One Vectorscan literal
// database per field finds, per event, the variants worth evaluating.
#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "sigma/internal.h"

namespace shrike::sigma_internal {
namespace {

using Need = std::optional<std::set<std::pair<int, std::string>>>;

// Higher is better: the shortest literal's length, then fewer literals.
std::pair<std::size_t, std::size_t> Score(const Need& need) {
  if (!need || need->empty()) return {0, 0};
  std::size_t shortest = SIZE_MAX;
  for (const auto& [f, lit] : *need) shortest = std::min(shortest, lit.size());
  return {shortest, SIZE_MAX - need->size()};
}

Need Best(std::vector<Need> options) {
  Need best;
  for (Need& n : options) {
    if (n && (!best || Score(n) > Score(best))) best = std::move(n);
  }
  return best;
}

Need Union(const std::vector<Need>& parts) {
  std::set<std::pair<int, std::string>> out;
  for (const Need& n : parts) {
    if (!n) return std::nullopt;
    out.insert(n->begin(), n->end());
  }
  return out;
}

std::optional<std::string> Literal(const ValueMatcher& m) {
  std::string lit;
  switch (m.op) {
    case Op::kEquals:
    case Op::kPrefix:
    case Op::kSuffix:
    case Op::kContains: lit = m.text; break;
    case Op::kGlob: {
      std::string run;
      for (std::size_t i = 0; i <= m.text.size(); ++i) {
        if (i == m.text.size() || m.wild[i] != 0) {
          if (run.size() > lit.size()) lit = run;
          run.clear();
        } else {
          run += m.text[i];
        }
      }
      break;
    }
    default: return std::nullopt;
  }
  if (lit.empty()) return std::nullopt;
  LowerInPlace(lit);
  return lit;
}

Need TestNeed(const FieldTest& t) {
  if (t.negate) return std::nullopt;  // keywords (field -1): literals in any value
  std::map<int, std::vector<Need>> groups;
  for (const ValueMatcher& m : t.matchers) {
    auto lit = Literal(m);
    Need n = lit ? Need(std::set<std::pair<int, std::string>>{{t.field, *lit}}) : std::nullopt;
    groups[t.all ? m.group : 0].push_back(std::move(n));
  }
  if (!t.exact.empty()) {
    std::set<std::pair<int, std::string>> set;
    for (const std::string& v : t.exact) {
      if (v.empty()) return std::nullopt;
      set.emplace(t.field, Lower(v));
    }
    groups[0].push_back(std::move(set));
  }
  for (const std::string& v : t.path_suffixes) {
    groups[0].push_back(Need(std::set<std::pair<int, std::string>>{{t.field, v}}));
  }
  std::vector<Need> per_group;
  for (auto& [g, needs] : groups) per_group.push_back(Union(needs));
  return t.all ? Best(std::move(per_group)) : Union(per_group);
}

Need SelectionNeed(const Selection& s) {
  std::vector<Need> alts;
  for (const auto& alt : s.alternatives) {
    std::vector<Need> tests;
    for (const FieldTest& t : alt) tests.push_back(TestNeed(t));
    alts.push_back(Best(std::move(tests)));
  }
  return Union(alts);
}

Need NodeNeed(const Program& p, int index, int depth) {
  if (index < 0 || depth > 128) return std::nullopt;
  const Node& n = p.nodes[static_cast<std::size_t>(index)];
  std::vector<Need> parts;
  switch (n.kind) {
    case NodeKind::kSel: return SelectionNeed(p.selections[static_cast<std::size_t>(n.selection)]);
    case NodeKind::kAnd:
      for (int c : n.children) parts.push_back(NodeNeed(p, c, depth + 1));
      return Best(std::move(parts));
    case NodeKind::kOr:
      for (int c : n.children) parts.push_back(NodeNeed(p, c, depth + 1));
      return Union(parts);
    case NodeKind::kOf:
      for (int s : n.children)
        parts.push_back(SelectionNeed(p.selections[static_cast<std::size_t>(s)]));
      return n.count == 0 ? Best(std::move(parts)) : Union(parts);
    default: return std::nullopt;
  }
}

std::vector<std::string> BucketKeys(const std::string& group, const Route* route) {
  std::vector<std::string> channels{"*"}, ids{"*"};
  if (route != nullptr && !route->channels.empty()) channels = route->channels;
  if (route != nullptr && !route->event_ids.empty()) ids = route->event_ids;
  std::vector<std::string> out;
  for (const auto& c : channels) {
    for (const auto& e : ids) out.push_back(group + "|" + c + "|" + e);
  }
  return out;
}

void AddBucketEntry(RuleSetData& data, const std::string& key, int variant) {
  auto [it, added] = data.buckets.emplace(key, static_cast<int>(data.bucket_unconstrained.size()));
  if (added) data.bucket_unconstrained.emplace_back();
  if (variant >= 0)
    data.bucket_unconstrained[static_cast<std::size_t>(it->second)].push_back(variant);
}

void CompileLiteralDbs(RuleSetData& data,
                       std::map<int, std::map<std::string, std::vector<int>>>& literals) {
  data.literal_db_of_field.assign(data.field_names.size(), -1);
  data.literal_db_any = -1;
  for (auto& [field, lits] : literals) {
    FieldLiteralDb db;
    db.field = field;
    db.min_length = SIZE_MAX;
    std::vector<const char*> texts;
    std::vector<std::size_t> lengths;
    std::vector<unsigned> flags, ids;
    for (auto& [lit, variants] : lits) {
      texts.push_back(lit.data());
      lengths.push_back(lit.size());
      db.min_length = std::min(db.min_length, lit.size());
      flags.push_back(HS_FLAG_SINGLEMATCH);
      ids.push_back(static_cast<unsigned>(db.variants.size()));
      db.variants.push_back(variants);
    }
    hs_database_t* raw = nullptr;
    hs_compile_error_t* err = nullptr;
    if (hs_compile_lit_multi(texts.data(), flags.data(), ids.data(), lengths.data(),
                             static_cast<unsigned>(texts.size()), HS_MODE_BLOCK, nullptr, &raw,
                             &err) != HS_SUCCESS) {
      hs_free_compile_error(err);
      // Without a database every variant of this field is evaluated always.
      for (auto& [lit, variants] : lits) {
        for (int v : variants) data.variants[static_cast<std::size_t>(v)].unconstrained = true;
      }
      continue;
    }
    db.db.reset(raw);
    int index = static_cast<int>(data.literal_dbs.size());
    if (field < 0) {
      data.literal_db_any = index;
    } else {
      data.literal_db_of_field[static_cast<std::size_t>(field)] = index;
    }
    data.literal_dbs.push_back(std::move(db));
  }
}

void BuildLookups(RuleSetData& data) {
  for (std::size_t i = 0; i < data.field_names.size(); ++i) {
    data.field_lookup.emplace(data.field_names[i], static_cast<int>(i));
  }
  for (const auto& [dialect, group] : data.dialect_groups) data.dialects[dialect].group = group;
  for (const auto& [dialect, prefix] : data.event_strips)
    data.dialects[dialect].strips.push_back(prefix);
  for (const auto& d : data.event_despace) data.dialects[d].despace = true;
  for (const auto& [key, target] : data.event_renames) {
    std::size_t tab = key.find('\t');
    auto id = data.field_lookup.find(target);
    if (tab == std::string::npos || id == data.field_lookup.end()) continue;
    std::string_view name = std::string_view(key).substr(tab + 1);
    data.dialects[key.substr(0, tab)].aliases.emplace(name, id->second);
  }
}

}  // namespace

void BuildIndex(RuleSetData& data) {
  std::map<int, std::map<std::string, std::vector<int>>> literals;
  for (std::size_t i = 0; i < data.variants.size(); ++i) {
    Variant& v = data.variants[i];
    Need need = NodeNeed(v.program, v.program.root, 0);
    if (!need || need->empty()) {
      v.unconstrained = true;
      continue;
    }
    for (const auto& [field, lit] : *need) literals[field][lit].push_back(static_cast<int>(i));
  }
  CompileLiteralDbs(data, literals);
  BuildLookups(data);
  for (std::size_t i = 0; i < data.variants.size(); ++i) {
    const Variant& v = data.variants[i];
    const Route* route =
        v.route >= 0 ? &BuiltinRouting().routes[static_cast<std::size_t>(v.route)] : nullptr;
    std::string group = route != nullptr ? route->group : "generic";
    for (const std::string& key : BucketKeys(group, route)) {
      AddBucketEntry(data, key, v.unconstrained ? static_cast<int>(i) : -1);
    }
  }
}

}  // namespace shrike::sigma_internal
