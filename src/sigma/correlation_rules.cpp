// Correlation rules (Sigma specification, correlation rules appendix):
// event_count, value_count, temporal, temporal_ordered, value_sum,
// value_avg, value_percentile; rules by id or name, group-by with aliases,
// timespan, condition.
#include <charconv>
#include <string>

#include "sigma/compiler.h"

namespace shrike::sigma_internal {
namespace {

constexpr std::string_view kTypes[] = {"event_count",      "value_count", "temporal",
                                       "temporal_ordered", "value_sum",   "value_avg",
                                       "value_percentile"};

bool ParseTimespan(const std::string& text, std::int64_t& seconds) {
  if (text.size() < 2) return false;
  std::int64_t n = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size() - 1, n);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size() - 1 || n <= 0) return false;
  switch (text.back()) {
    case 's': seconds = n; return true;
    case 'm': seconds = n * 60; return true;
    case 'h': seconds = n * 3600; return true;
    case 'd': seconds = n * 86400; return true;
    case 'w': seconds = n * 604800; return true;
    case 'M': seconds = n * 2592000; return true;
    case 'y': seconds = n * 31536000; return true;
    default: return false;
  }
}

std::vector<std::string> StringList(const YAML::Node& n) {
  std::vector<std::string> out;
  if (n && n.IsScalar()) out.push_back(n.Scalar());
  if (n && n.IsSequence()) {
    for (const auto& v : n) {
      if (v.IsScalar()) out.push_back(v.Scalar());
    }
  }
  return out;
}

// The field a base rule uses for a (possibly aliased) name.
int FieldFor(const YAML::Node& aliases, const std::string& name, const RuleInfo& base,
             RuleSetData& data) {
  if (aliases && aliases.IsMap() && aliases[name] && aliases[name].IsMap()) {
    YAML::Node per = aliases[name];
    for (const std::string& key : {base.name, base.id}) {
      if (!key.empty() && per[key] && per[key].IsScalar()) return data.Intern(per[key].Scalar());
    }
  }
  return data.Intern(name);
}

std::optional<CompileError> ReadCondition(const YAML::Node& cond, const std::string& type,
                                          Correlation& c, std::string& value_field) {
  bool temporal = type == "temporal" || type == "temporal_ordered";
  if (!cond || !cond.IsMap()) {
    if (temporal) {
      c.cond_op = "gte";
      c.cond_value = static_cast<double>(c.bases.size());
      return std::nullopt;
    }
    return CompileError{"correlation without a condition map"};
  }
  for (const auto& kv : cond) {
    std::string key = kv.first.Scalar();
    if (key == "field") {
      value_field = kv.second.Scalar();
    } else if (key == "percentile") {
      if (!ParseNumber(kv.second.Scalar(), c.percentile)) return CompileError{"bad percentile"};
    } else if (key == "gt" || key == "gte" || key == "lt" || key == "lte" || key == "eq" ||
               key == "neq") {
      if (!c.cond_op.empty()) return CompileError{"several comparisons in one condition"};
      c.cond_op = key;
      if (!ParseNumber(kv.second.Scalar(), c.cond_value)) {
        return CompileError{"condition value is not a number"};
      }
    } else {
      return CompileError{"unknown correlation condition key '" + key + "'"};
    }
  }
  if (c.cond_op.empty()) return CompileError{"correlation condition without a comparison"};
  bool needs_field = type != "event_count" && !temporal;
  if (needs_field && value_field.empty()) return CompileError{type + " needs condition.field"};
  return std::nullopt;
}

}  // namespace

std::optional<CompileError> CompileCorrelationRule(
    const RuleDocument& doc, int rule_index, const std::function<int(const std::string&)>& by_ref,
    RuleSetData& data) {
  YAML::Node corr = doc.node["correlation"];
  if (!corr.IsMap()) return CompileError{"correlation is not a map"};
  Correlation c;
  c.rule = rule_index;
  c.type = corr["type"] && corr["type"].IsScalar() ? corr["type"].Scalar() : "";
  if (std::find(std::begin(kTypes), std::end(kTypes), c.type) == std::end(kTypes)) {
    return CompileError{"unsupported correlation type '" + c.type + "'"};
  }
  for (const std::string& ref : StringList(corr["rules"])) {
    int base = by_ref(ref);
    if (base < 0) return CompileError{"correlation refers to unknown rule '" + ref + "'"};
    if (base == rule_index) return CompileError{"correlation refers to itself"};
    c.bases.push_back(base);
  }
  if (c.bases.empty()) return CompileError{"correlation without rules"};
  YAML::Node span = corr["timespan"] ? corr["timespan"] : corr["timeframe"];
  if (!span || !span.IsScalar() || !ParseTimespan(span.Scalar(), c.timespan)) {
    return CompileError{"correlation without a valid timespan"};
  }
  std::string value_field;
  if (auto e = ReadCondition(corr["condition"], c.type, c, value_field)) return e;
  c.group_names = StringList(corr["group-by"]);
  YAML::Node aliases = corr["aliases"];
  for (int base : c.bases) {
    const RuleInfo& info = data.rules[static_cast<std::size_t>(base)];
    std::vector<int> fields;
    for (const std::string& g : c.group_names) fields.push_back(FieldFor(aliases, g, info, data));
    c.group_by.push_back(std::move(fields));
    c.value_field_per_base.push_back(
        value_field.empty() ? -1 : FieldFor(aliases, value_field, info, data));
  }
  YAML::Node generate = corr["generate"] ? corr["generate"] : doc.node["generate"];
  bool gen = generate && generate.IsScalar() && Lower(generate.Scalar()) == "true";
  for (int base : c.bases) {
    RuleInfo& b = data.rules[static_cast<std::size_t>(base)];
    if (!gen) b.generate = false;
    data.correlations_of_rule.resize(data.rules.size());
    data.correlations_of_rule[static_cast<std::size_t>(base)].push_back(
        static_cast<int>(data.correlations.size()));
  }
  data.correlations.push_back(std::move(c));
  return std::nullopt;
}

}  // namespace shrike::sigma_internal
