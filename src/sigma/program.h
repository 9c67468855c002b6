// The compiled form of Sigma rules: value matchers, field tests, selections,
// condition programs, routed variants and the rule set's indexes.
#pragma once

#include <hs/hs.h>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "shrike/sigma.h"

namespace shrike::sigma_internal {

struct HsDatabaseFree {
  void operator()(hs_database_t* db) const { hs_free_database(db); }
};
using HsDatabase = std::unique_ptr<hs_database_t, HsDatabaseFree>;

enum class Op : std::uint8_t {
  kEquals,
  kPrefix,
  kSuffix,
  kContains,
  kGlob,   // '*' and '?' inside the text
  kRegex,  // Vectorscan database `regex`
  kCidr,   // address inside `cidr`
  kLt,     // numeric comparisons against `number`
  kLte,
  kGt,
  kGte,
  kExists,      // the field is there (`number` 1) or not (0)
  kNull,        // absent or empty
  kFieldRefEq,  // compared with the value of field `ref`
  kFieldRefPrefix,
  kFieldRefSuffix,
  kFieldRefContains,
  kTimePart,  // a part of a date-time value (`time_part`) equals `number`
};

struct Cidr {
  std::array<std::uint8_t, 16> bytes{};
  int bits = 0;
  bool v6 = false;
};

struct ValueMatcher {
  Op op = Op::kEquals;
  bool cased = false;  // compare raw bytes; else ASCII lower-cased
  std::string text;    // lower-cased unless cased
  std::string wild;    // kGlob: '*' or '?' where text holds a wildcard, else 0
  int regex = -1;      // index into RuleSetData::regexes
  Cidr cidr;
  double number = 0;
  int time_part = 0;  // 0 minute, 1 hour, 2 day, 3 week, 4 month, 5 year
  int ref = -1;       // field id for fieldref
  int group = 0;      // the listed value it came from (`all`: every group must match)
};

// "field|modifiers: values" — OR over matchers unless `all`.
struct FieldTest {
  int field = -1;  // -1: keywords (any field's value)
  bool all = false;
  bool negate = false;  // neq
  std::vector<ValueMatcher> matchers;
  // Exact values (lower-cased) of long OR lists, tested as one set.
  std::unordered_set<std::string> exact;
  bool exact_cased = false;
  // Case-insensitive endswith values of the form "\name" (no other '\'),
  // tested by looking the value's last path component up.
  std::unordered_set<std::string> path_suffixes;
  bool any_presence = false;  // a kNull / kExists matcher is among matchers
};

// A detection identifier: OR over alternatives, each an AND of field tests.
struct Selection {
  std::string name;
  std::vector<std::vector<FieldTest>> alternatives;
};

enum class NodeKind : std::uint8_t { kAnd, kOr, kNot, kSel, kOf, kTrue };

// Condition program node; children by index into Program::nodes.
struct Node {
  NodeKind kind = NodeKind::kTrue;
  std::vector<int> children;  // kAnd/kOr/kNot; kOf: selection indices
  int selection = -1;         // kSel
  int count = 1;              // kOf: how many must hold (0: all)
};

struct Program {
  std::vector<Selection> selections;
  std::vector<Node> nodes;
  int root = -1;
};

struct RuleInfo {
  std::string id;
  std::string name;
  std::string title;
  std::string status;
  SigmaLevel level = SigmaLevel::kMedium;
  std::vector<std::string> tags;
  std::vector<std::string> attack_ids;  // T1059.001 from attack.t1059.001
  Location where;
  bool generate = true;  // emit findings (correlation bases may not)
  bool correlation = false;
};

// One rule compiled for one route.
struct Variant {
  int rule = -1;  // index into RuleSetData::rules
  int route = -1;
  int bucket = -1;
  Program program;
  // Extra route constraints other than channel and event id: field id and
  // accepted lower-cased values (empty: the field must exist).
  std::vector<std::pair<int, std::vector<std::string>>> constraints;
  bool unconstrained = false;  // no literal prefilter applies
};

// A correlation rule (event_count, value_count, temporal, ...).
struct Correlation {
  int rule = -1;
  std::string type;
  std::vector<int> bases;                  // rule indices referenced
  std::vector<std::vector<int>> group_by;  // per base: field ids (aliases resolved)
  std::vector<std::string> group_names;
  std::int64_t timespan = 0;  // seconds
  int value_field = -1;       // value_count, value_sum, value_avg, value_percentile
  std::vector<int> value_field_per_base;
  std::string cond_op;  // gt gte lt lte eq neq
  double cond_value = 0;
  double percentile = 0;
};

struct Route {
  std::string product, category, service;
  std::string group;                  // "windows", "zeek", "eve", "generic"
  std::vector<std::string> channels;  // lower-cased; empty: any
  std::vector<std::string> event_ids;
  std::vector<std::pair<std::string, std::vector<std::string>>> constraints;
  std::string field_map;
};

struct FieldLiteralDb {
  int field = -1;
  HsDatabase db;
  std::size_t min_length = 0;              // of its literals: shorter values cannot match
  std::vector<std::vector<int>> variants;  // per literal id
};

struct RuleSetData {
  std::vector<RuleInfo> rules;
  std::vector<Variant> variants;
  std::vector<Correlation> correlations;
  std::vector<std::vector<int>> correlations_of_rule;  // rule -> correlation indices
  std::vector<Route> routes;
  std::vector<HsDatabase> regexes;
  // Interned field names (after event normalisation).
  std::unordered_map<std::string, int> field_ids;
  std::vector<std::string> field_names;
  // Buckets by "group|channel|eventid" ('*' wildcards).
  std::unordered_map<std::string, int> buckets;
  std::vector<std::vector<int>> bucket_unconstrained;  // variants always evaluated
  std::vector<FieldLiteralDb> literal_dbs;
  std::vector<int> literal_db_of_field;  // field id -> index or -1
  // Keyword literals, scanned once over all the event's values laid end to
  // end (a match across two values only adds a candidate).
  int literal_db_any = -1;
  bool has_keywords = false;
  // Event normalisation per dialect: (dialect, source name) -> sigma name,
  // and prefixes stripped.
  std::unordered_map<std::string, std::string> event_renames;     // "dialect\tname"
  std::vector<std::pair<std::string, std::string>> event_strips;  // dialect, prefix
  std::vector<std::string> event_despace;                         // dialects
  std::unordered_map<std::string, std::string> dialect_groups;    // dialect -> group
  // Built last (BuildIndex): lookups by views into the names above.
  std::unordered_map<std::string_view, int> field_lookup;
  struct DialectTable {
    std::string group = "generic";
    std::vector<std::string> strips;
    bool despace = false;  // "Source Name" is also seen as "SourceName"
    std::unordered_map<std::string_view, int> aliases;  // event name -> field id
  };
  std::unordered_map<std::string, DialectTable> dialects;

  int Intern(const std::string& name);
  int FieldId(std::string_view name) const;
};

}  // namespace shrike::sigma_internal
