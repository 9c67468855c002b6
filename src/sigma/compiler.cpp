// Rule documents into compiled variants: metadata and filters, detection
// selections per route, conditions. Correlations are in correlation_rules.cpp.
#include "sigma/compiler.h"

#include <algorithm>
#include <string>

namespace shrike::sigma_internal {
namespace {

std::string Scalar(const YAML::Node& n, const char* key) {
  YAML::Node v = n[key];
  return v && v.IsScalar() ? v.Scalar() : std::string();
}

std::vector<std::string> SplitPipes(const std::string& key) {
  std::vector<std::string> out;
  std::size_t b = 0;
  while (true) {
    std::size_t bar = key.find('|', b);
    out.push_back(key.substr(b, bar == std::string::npos ? bar : bar - b));
    if (bar == std::string::npos) break;
    b = bar + 1;
  }
  return out;
}

class DetectionCompiler {
 public:
  DetectionCompiler(const Routing& routing, const Route& route, RuleSetData& data)
      : routing_(routing), route_(route), data_(data) {}

  std::optional<CompileError> Compile(const std::vector<const YAML::Node*>& detections,
                                      Program& program) {
    std::vector<std::string> conditions;
    for (std::size_t d = 0; d < detections.size(); ++d) {
      const YAML::Node& det = *detections[d];
      std::vector<std::string> own;
      std::size_t first = program.selections.size();
      for (const auto& kv : det) {
        std::string name = kv.first.Scalar();
        if (name == "condition") {
          if (kv.second.IsSequence()) {
            for (const auto& c : kv.second) own.push_back(c.Scalar());
          } else if (kv.second.IsScalar()) {
            own.push_back(kv.second.Scalar());
          } else {
            return CompileError{"condition is neither text nor a list"};
          }
          continue;
        }
        if (name == "timeframe") continue;
        Selection sel;
        sel.name = name;
        if (auto e = CompileSelection(kv.second, sel)) {
          e->reason = "selection '" + name + "': " + e->reason;
          return e;
        }
        program.selections.push_back(std::move(sel));
      }
      if (own.empty()) return CompileError{"detection without condition"};
      if (d == 0) {
        conditions = std::move(own);
        continue;
      }
      // A filter document: its condition must hold too ("not selection"
      // excludes); its identifiers are renamed so they cannot clash.
      conditions = {WrapFilter(conditions, own, program, first, d)};
    }
    return CompileCondition(conditions, program);
  }

 private:
  static std::string WrapFilter(const std::vector<std::string>& base,
                                const std::vector<std::string>& filter, Program& program,
                                std::size_t first, std::size_t n) {
    std::string prefix = "__filter" + std::to_string(n) + "_";
    std::string fcond;
    for (std::size_t i = first; i < program.selections.size(); ++i) {
      program.selections[i].name = prefix + program.selections[i].name;
    }
    for (const std::string& c : filter) {
      std::string renamed;
      std::size_t i = 0;
      while (i < c.size()) {
        if (std::isalpha(static_cast<unsigned char>(c[i])) || c[i] == '_' || c[i] == '*') {
          std::size_t j = i;
          while (j < c.size() && (std::isalnum(static_cast<unsigned char>(c[j])) || c[j] == '_' ||
                                  c[j] == '*' || c[j] == '-' || c[j] == '.')) {
            ++j;
          }
          std::string word = c.substr(i, j - i);
          std::string lw = Lower(word);
          bool kw = lw == "and" || lw == "or" || lw == "not" || lw == "of" || lw == "all";
          renamed += kw ? word : lw == "them" ? prefix + "*" : prefix + word;
          i = j;
        } else {
          renamed += c[i++];
        }
      }
      fcond += (fcond.empty() ? "(" : " or (") + renamed + ")";
    }
    std::string bcond;
    for (const std::string& c : base) bcond += (bcond.empty() ? "(" : " or (") + c + ")";
    return "(" + bcond + ") and (" + fcond + ")";
  }

  int MapField(const std::string& name) {
    if (!route_.field_map.empty()) {
      auto m = routing_.field_maps.find(route_.field_map);
      if (m != routing_.field_maps.end()) {
        auto f = m->second.find(name);
        if (f != m->second.end()) return data_.Intern(f->second);
      }
    }
    return data_.Intern(name);
  }

  std::optional<CompileError> CompileMap(const YAML::Node& map, std::vector<FieldTest>& out) {
    for (const auto& kv : map) {
      std::vector<std::string> parts = SplitPipes(kv.first.Scalar());
      std::string field = parts[0];
      parts.erase(parts.begin());
      FieldTest t;
      int id = field.empty() ? -1 : MapField(field);
      if (id < 0) data_.has_keywords = true;
      auto map_field = [this](const std::string& n) { return MapField(n); };
      if (auto e =
              CompileFieldTest(parts, kv.second, id, routing_.placeholders, map_field, data_, t)) {
        e->reason = "field '" + kv.first.Scalar() + "': " + e->reason;
        return e;
      }
      out.push_back(std::move(t));
    }
    if (out.empty()) return CompileError{"empty selection"};
    return std::nullopt;
  }

  std::optional<CompileError> Keywords(const YAML::Node& values, std::vector<FieldTest>& out) {
    FieldTest t;
    data_.has_keywords = true;
    auto map_field = [this](const std::string& n) { return MapField(n); };
    if (auto e = CompileFieldTest({}, values, -1, routing_.placeholders, map_field, data_, t)) {
      return e;
    }
    out.push_back(std::move(t));
    return std::nullopt;
  }

  std::optional<CompileError> CompileSelection(const YAML::Node& node, Selection& sel) {
    if (node.IsMap()) {
      sel.alternatives.emplace_back();
      return CompileMap(node, sel.alternatives.back());
    }
    if (node.IsScalar()) {
      sel.alternatives.emplace_back();
      return Keywords(node, sel.alternatives.back());
    }
    if (!node.IsSequence() || node.size() == 0) return CompileError{"empty or null selection"};
    YAML::Node keywords(YAML::NodeType::Sequence);
    for (const auto& item : node) {
      if (item.IsMap()) {
        sel.alternatives.emplace_back();
        if (auto e = CompileMap(item, sel.alternatives.back())) return e;
      } else if (item.IsScalar() || item.IsNull()) {
        keywords.push_back(item);
      } else {
        return CompileError{"a nested list in a selection"};
      }
    }
    if (keywords.size() > 0) {
      sel.alternatives.emplace_back();
      return Keywords(keywords, sel.alternatives.back());
    }
    return std::nullopt;
  }

  const Routing& routing_;
  const Route& route_;
  RuleSetData& data_;
};

SigmaLevel LevelOf(const std::string& text) {
  SigmaLevel level = SigmaLevel::kMedium;
  ParseSigmaLevel(text, level);
  return level;
}

}  // namespace

RuleInfo ReadRuleInfo(const RuleDocument& doc) {
  RuleInfo info;
  info.id = Scalar(doc.node, "id");
  info.name = Scalar(doc.node, "name");
  info.title = Scalar(doc.node, "title");
  info.status = Scalar(doc.node, "status");
  info.level = LevelOf(Scalar(doc.node, "level"));
  info.where = doc.where;
  info.where.record = info.id;
  YAML::Node tags = doc.node["tags"];
  if (tags && tags.IsSequence()) {
    for (const auto& t : tags) {
      if (!t.IsScalar()) continue;
      info.tags.push_back(t.Scalar());
      std::string l = Lower(t.Scalar());
      if (l.size() > 8 && l.compare(0, 8, "attack.t") == 0) {
        std::string id = t.Scalar().substr(7);
        for (char& c : id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        info.attack_ids.push_back(id);
      }
    }
  }
  return info;
}

bool KeptByFilter(const RuleInfo& info, const SigmaFilter& filter) {
  if (info.level < filter.min_level) return false;
  if (!filter.statuses.empty() && std::find(filter.statuses.begin(), filter.statuses.end(),
                                            info.status) == filter.statuses.end()) {
    return false;
  }
  if (filter.tags.empty()) return true;
  for (const std::string& want : filter.tags) {
    for (const std::string& have : info.tags) {
      if (Lower(want) == Lower(have)) return true;
    }
  }
  return false;
}

std::optional<CompileError> CompileDetectionRule(const RuleDocument& doc,
                                                 const std::vector<const YAML::Node*>& filters,
                                                 int rule_index, RuleSetData& data,
                                                 bool& unrouted) {
  const Routing& routing = BuiltinRouting();
  YAML::Node ls = doc.node["logsource"];
  if (!ls || !ls.IsMap()) return CompileError{"no logsource"};
  std::string product = Lower(Scalar(ls, "product"));
  std::string category = Lower(Scalar(ls, "category"));
  std::string service = Lower(Scalar(ls, "service"));
  std::vector<int> routes = RoutesFor(routing, product, category, service);
  static const Route kGeneric{"", "", "", "generic", {}, {}, {}, ""};
  unrouted = routes.empty();
  YAML::Node det = doc.node["detection"];
  if (!det || !det.IsMap()) return CompileError{"detection is not a map"};
  std::vector<const YAML::Node*> detections{&det};
  detections.insert(detections.end(), filters.begin(), filters.end());
  std::vector<Variant> made;
  for (std::size_t i = 0; i < std::max<std::size_t>(routes.size(), 1); ++i) {
    const Route& route = routes.empty() ? kGeneric : routing.routes[routes[i]];
    Variant v;
    v.rule = rule_index;
    v.route = routes.empty() ? -1 : routes[i];
    if (auto e = DetectionCompiler(routing, route, data).Compile(detections, v.program)) return e;
    for (const auto& [field, values] : route.constraints) {
      v.constraints.emplace_back(data.Intern(field), values);
    }
    made.push_back(std::move(v));
  }
  for (Variant& v : made) data.variants.push_back(std::move(v));
  return std::nullopt;
}

}  // namespace shrike::sigma_internal
