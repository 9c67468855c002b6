// Sigma conditions: and / or / not, parentheses, "1 of x*", "all of them",
// "N of x*" ("them" leaves out identifiers starting with '_'). A list of
// conditions is their OR. Precedence: not > and > or.
#include <cctype>
#include <charconv>
#include <string>
#include <vector>

#include "sigma/internal.h"

namespace shrike::sigma_internal {
namespace {

constexpr int kMaxDepth = 64;

std::vector<std::string> Tokenize(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '(' || c == ')' || c == '|') {
      out.emplace_back(1, c);
      ++i;
    } else {
      std::size_t j = i;
      while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j])) && s[j] != '(' &&
             s[j] != ')' && s[j] != '|') {
        ++j;
      }
      out.emplace_back(s.substr(i, j - i));
      i = j;
    }
  }
  return out;
}

class ConditionParser {
 public:
  ConditionParser(std::vector<std::string> tokens, Program& program)
      : tokens_(std::move(tokens)), p_(program) {}

  std::optional<CompileError> Parse(int& root) {
    if (tokens_.empty()) return CompileError{"empty condition"};
    root = Or(0);
    if (error_) return error_;
    if (pos_ != tokens_.size()) {
      if (tokens_[pos_] == "|")
        return CompileError{"aggregation ('|') in a condition: deprecated, unsupported"};
      return CompileError{"unexpected '" + tokens_[pos_] + "' in condition"};
    }
    return std::nullopt;
  }

 private:
  bool Peek(std::string_view word) const {
    return pos_ < tokens_.size() && Lower(tokens_[pos_]) == word;
  }
  int Fail(std::string msg) {
    if (!error_) error_ = CompileError{std::move(msg)};
    return -1;
  }
  int Add(Node n) {
    p_.nodes.push_back(std::move(n));
    return static_cast<int>(p_.nodes.size()) - 1;
  }

  int Binary(int depth, bool is_or) {
    int left = is_or ? And(depth) : Unary(depth);
    std::string_view word = is_or ? "or" : "and";
    if (!Peek(word)) return left;
    Node n;
    n.kind = is_or ? NodeKind::kOr : NodeKind::kAnd;
    n.children.push_back(left);
    while (!error_ && Peek(word)) {
      ++pos_;
      n.children.push_back(is_or ? And(depth) : Unary(depth));
    }
    return Add(std::move(n));
  }
  int Or(int depth) { return Binary(depth, true); }
  int And(int depth) { return Binary(depth, false); }

  int Unary(int depth) {
    if (depth > kMaxDepth) return Fail("condition nested too deeply");
    if (pos_ >= tokens_.size()) return Fail("condition ends early");
    if (Peek("not")) {
      ++pos_;
      Node n;
      n.kind = NodeKind::kNot;
      n.children.push_back(Unary(depth + 1));
      return Add(std::move(n));
    }
    if (tokens_[pos_] == "(") {
      ++pos_;
      int inner = Or(depth + 1);
      if (pos_ >= tokens_.size() || tokens_[pos_] != ")") return Fail("missing ')'");
      ++pos_;
      return inner;
    }
    if (pos_ + 1 < tokens_.size() && Lower(tokens_[pos_ + 1]) == "of") return Quantifier();
    return Identifier(tokens_[pos_++]);
  }

  int Quantifier() {
    std::string count = Lower(tokens_[pos_]);
    Node n;
    n.kind = NodeKind::kOf;
    if (count == "all") {
      n.count = 0;
    } else {
      auto r = std::from_chars(count.data(), count.data() + count.size(), n.count);
      if (r.ec != std::errc() || n.count < 1) return Fail("bad quantifier '" + count + "'");
    }
    pos_ += 2;
    if (pos_ >= tokens_.size()) return Fail("'of' without a target");
    const std::string& target = tokens_[pos_++];
    for (std::size_t i = 0; i < p_.selections.size(); ++i) {
      const std::string& name = p_.selections[i].name;
      bool hit = target == "them" ? name.empty() || name[0] != '_'
                                  : GlobMatch(name, target, WildMask(target));
      if (hit) n.children.push_back(static_cast<int>(i));
    }
    if (n.children.empty()) return Fail("'" + target + "' names no detection identifier");
    return Add(std::move(n));
  }

  int Identifier(const std::string& name) {
    if (name == ")" || name == "|") return Fail("unexpected '" + name + "'");
    for (std::size_t i = 0; i < p_.selections.size(); ++i) {
      if (p_.selections[i].name == name) {
        Node n;
        n.kind = NodeKind::kSel;
        n.selection = static_cast<int>(i);
        return Add(std::move(n));
      }
    }
    return Fail("condition names an unknown identifier '" + name + "'");
  }

  static std::string WildMask(std::string_view pattern) {
    std::string wild(pattern.size(), '\0');
    for (std::size_t i = 0; i < pattern.size(); ++i) {
      if (pattern[i] == '*' || pattern[i] == '?') wild[i] = pattern[i];
    }
    return wild;
  }

  std::vector<std::string> tokens_;
  Program& p_;
  std::size_t pos_ = 0;
  std::optional<CompileError> error_;
};

}  // namespace

std::optional<CompileError> CompileCondition(const std::vector<std::string>& conditions,
                                             Program& program) {
  if (conditions.empty()) return CompileError{"no condition"};
  Node any;
  any.kind = NodeKind::kOr;
  for (const std::string& c : conditions) {
    int root = -1;
    if (auto e = ConditionParser(Tokenize(c), program).Parse(root)) return e;
    any.children.push_back(root);
  }
  if (any.children.size() == 1) {
    program.root = any.children[0];
  } else {
    program.nodes.push_back(std::move(any));
    program.root = static_cast<int>(program.nodes.size()) - 1;
  }
  return std::nullopt;
}

bool GlobMatch(std::string_view text, std::string_view pattern, std::string_view wild) {
  // Iterative match with one backtrack point per '*': O(n*m) at worst.
  std::size_t t = 0, p = 0, star = std::string_view::npos, mark = 0;
  auto char_len = [&](std::size_t at) {
    auto b = static_cast<unsigned char>(text[at]);
    std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 1;
    return std::min(n, text.size() - at);
  };
  while (t < text.size()) {
    if (p < pattern.size() && wild[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && wild[p] == '?') {
      ++p;
      t += char_len(t);
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      mark += char_len(mark);
      t = mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && wild[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace shrike::sigma_internal
