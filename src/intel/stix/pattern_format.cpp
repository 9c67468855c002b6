// Reducing parsed patterns to atoms, and writing patterns.
#include <utility>

#include "core/strings.h"
#include "intel/stix/pattern.h"

namespace shrike::stix {
namespace {

Error CannotReduce(std::string what) {
  return Error(ErrorCode::kUnsupported,
               "STIX pattern uses " + std::move(what) + ", which cannot be reduced to indicators");
}

Status CollectAtoms(const PatternNode& node, std::vector<Comparison>& out);

Status CollectComparison(const Comparison& c, std::vector<Comparison>& out) {
  if (c.negated) return CannotReduce("NOT");
  if (c.op == "IN") {
    // `x IN ('a', 'b')` is `x = 'a' OR x = 'b'`.
    for (const Literal& item : c.value.items) {
      Comparison atom = c;
      atom.op = "=";
      atom.value = item;
      out.push_back(std::move(atom));
    }
    return Ok();
  }
  if (c.op != "=" && c.op != "MATCHES") return CannotReduce("the " + c.op + " operator");
  out.push_back(c);
  return Ok();
}

Status CollectAtoms(const PatternNode& node, std::vector<Comparison>& out) {
  switch (node.kind) {
    case PatternNode::Kind::kComparison: return CollectComparison(node.comparison, out);
    case PatternNode::Kind::kAnd: return CannotReduce("AND");
    case PatternNode::Kind::kFollowedBy: return CannotReduce("FOLLOWEDBY");
    case PatternNode::Kind::kOr:
    case PatternNode::Kind::kObservation:
      for (const PatternNode& child : node.children) {
        SHRIKE_RETURN_IF_ERROR(CollectAtoms(child, out));
      }
      return Ok();
  }
  return CannotReduce("an unknown construct");
}

bool IsPlainIdentifier(std::string_view s) {
  if (s.empty() || !(IsAlpha(s[0]) || s[0] == '_') || IsPatternKeyword(s)) return false;
  for (char c : s) {
    if (!IsAlnum(c) && c != '_') return false;
  }
  return true;
}

// "[*]", "[3]", "[-1]": how the parser records index steps.
bool IsIndexStep(std::string_view s) {
  if (s.size() < 3 || s.front() != '[' || s.back() != ']') return false;
  std::string_view inner = s.substr(1, s.size() - 2);
  if (inner == "*") return true;
  if (inner.front() == '+' || inner.front() == '-') inner.remove_prefix(1);
  if (inner.empty()) return false;
  for (char c : inner) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

}  // namespace

Result<std::vector<Comparison>> ReduceToAtoms(const PatternNode& root) {
  std::vector<Comparison> atoms;
  SHRIKE_RETURN_IF_ERROR(CollectAtoms(root, atoms));
  return atoms;
}

std::string QuotePatternString(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

std::string FormatPathStep(std::string_view step) {
  if (IsIndexStep(step)) return std::string(step);
  return IsPlainIdentifier(step) ? std::string(step) : QuotePatternString(step);
}

std::string FormatComparison(const Comparison& c) {
  std::string out = c.object_type + ":";
  for (std::size_t i = 0; i < c.path.size(); ++i) {
    bool index = i > 0 && IsIndexStep(c.path[i]);
    if (i > 0 && !index) out.push_back('.');
    // The first step is always a key (the grammar has no index there).
    out += index ? c.path[i]
                 : (IsPlainIdentifier(c.path[i]) ? c.path[i] : QuotePatternString(c.path[i]));
  }
  out += (c.negated ? " NOT " : " ") + c.op + " " + QuotePatternString(c.value.text);
  return out;
}

}  // namespace shrike::stix
