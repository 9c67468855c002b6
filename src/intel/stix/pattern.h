// STIX 2.1 patterning: a parser for the full pattern grammar (STIXPattern.g4
// of the OASIS schemas repository) into a small tree, and the reduction of
// that tree to "atoms" (single equality / MATCHES comparisons joined by OR),
// which is what an indicator list can hold.
//
// Contract: ParsePattern never throws, never recurses deeper than
// kMaxPatternDepth and rejects input over kMaxPatternBytes, so hostile
// patterns cost bounded time and memory.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "shrike/result.h"

namespace shrike::stix {

inline constexpr int kMaxPatternDepth = 64;
inline constexpr std::size_t kMaxPatternBytes = 1 << 20;

enum class LiteralKind : std::uint8_t {
  kString,
  kInt,
  kFloat,
  kBool,
  kBinary,
  kHex,
  kTimestamp,
  kSet,
};

struct Literal {
  LiteralKind kind = LiteralKind::kString;
  std::string text;            // unescaped string content, or the token text
  std::vector<Literal> items;  // kSet only
};

// One property test: `object_type:path op value`. Paths keep key steps as
// their (unquoted) names and index steps as "[*]" / "[3]".
struct Comparison {
  std::string object_type;        // "file", "ipv4-addr"
  std::vector<std::string> path;  // {"hashes", "SHA-256"}
  std::string op;                 // "=", "!=", "<", "IN", "LIKE", "MATCHES", "EXISTS", ...
  bool negated = false;
  Literal value;  // unused for EXISTS
};

struct PatternNode {
  enum class Kind : std::uint8_t {
    kComparison,   // leaf
    kAnd,          // children; comparison- or observation-level
    kOr,           // children; comparison- or observation-level
    kFollowedBy,   // children, observation-level
    kObservation,  // one child: the comparison expression inside [ ]
  };
  Kind kind = Kind::kComparison;
  bool observation_level = false;  // kAnd / kOr between observations
  bool qualified = false;          // WITHIN / REPEATS / START..STOP were given
  Comparison comparison;
  std::vector<PatternNode> children;
};

// Parses a pattern. Errors carry the byte offset in the pattern (Location
// offset) and a message naming what was expected.
[[nodiscard]] Result<PatternNode> ParsePattern(std::string_view pattern);

// The atoms of a pattern that is a disjunction (at either level) of plain
// `=` or MATCHES comparisons without NOT; an error (kUnsupported) naming the
// first construct that prevents it (AND, FOLLOWEDBY, LIKE, ...).
[[nodiscard]] Result<std::vector<Comparison>> ReduceToAtoms(const PatternNode& root);

// Is the word reserved (AND, OR, ..., true, false), so that it cannot be a
// bare path step?
bool IsPatternKeyword(std::string_view word);

// Quotes a string for a pattern: '...' with \ and ' escaped.
std::string QuotePatternString(std::string_view s);
// Formats a path step: bare when it is a plain identifier, quoted otherwise.
std::string FormatPathStep(std::string_view step);
// Formats one comparison as `type:path op 'value'` (strings only).
std::string FormatComparison(const Comparison& c);

}  // namespace shrike::stix
