// Functions shared by the files of src/sigma/ (not public).
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sigma/program.h"

namespace shrike::sigma_internal {

inline Location At(const std::string& file, std::uint64_t line) {
  Location l;
  l.file = file;
  l.line = line;
  return l;
}

// A rule failed to compile: why (becomes a SigmaSkipped).
struct CompileError {
  std::string reason;
};

// Placeholder values for the `expand` modifier (packs/common/sigma/placeholders.tsv).
using Placeholders = std::map<std::string, std::vector<std::string>>;

// Compiles "field|mod|mod: value(s)" into a FieldTest. `field_id` is the
// interned (already mapped) field, -1 for keywords; fieldref targets are
// mapped by `map_field`. Regex databases are appended to data.regexes.
std::optional<CompileError> CompileFieldTest(
    const std::vector<std::string>& modifiers, const YAML::Node& values, int field_id,
    const Placeholders& placeholders, const std::function<int(const std::string&)>& map_field,
    RuleSetData& data, FieldTest& out);

// Parses a condition (or a list of them, OR'd) over the selection names.
std::optional<CompileError> CompileCondition(const std::vector<std::string>& conditions,
                                             Program& program);

// Glob match (Sigma '*' and '?' with escapes resolved): `wild` marks which
// bytes of `pattern` are wildcards.
bool GlobMatch(std::string_view text, std::string_view pattern, std::string_view wild);

// ASCII lower-casing.
std::string Lower(std::string_view s);
void LowerInPlace(std::string& s);

bool ParseCidr(std::string_view text, Cidr& out);
bool ParseIp(std::string_view text, std::array<std::uint8_t, 16>& bytes, bool& v6);
bool InCidr(const Cidr& cidr, std::string_view value);
bool ParseNumber(std::string_view text, double& out);
// minute/hour/day/week/month/year of a date-time text; false when not one.
bool TimePart(std::string_view text, int part, int& out);

// Data files: routes, rule-side field maps, event normalisation.
struct Routing {
  std::vector<Route> routes;
  // map name -> (sigma field -> event field)
  std::map<std::string, std::map<std::string, std::string>> field_maps;
  Placeholders placeholders;
};
const Routing& BuiltinRouting();
void LoadEventNormalisation(RuleSetData& data);

// Route indices that apply to a rule's logsource; empty: none.
std::vector<int> RoutesFor(const Routing& routing, const std::string& product,
                           const std::string& category, const std::string& service);

// Builds the bucket index and the literal prefilter once all variants exist.
void BuildIndex(RuleSetData& data);

}  // namespace shrike::sigma_internal
