// Recursive-descent parser for STIX 2.1 patterns (grammar: STIXPattern.g4).
#include "intel/stix/pattern.h"

#include <utility>

#include "core/strings.h"

namespace shrike::stix {
namespace {

enum class Tok : std::uint8_t { kEnd, kIdent, kKeyword, kLiteral, kPunct };

struct Token {
  Tok kind = Tok::kEnd;
  std::string text;  // identifier / keyword / punctuation text
  Literal literal;   // kLiteral
  std::size_t offset = 0;
};

Error ParseError(std::size_t offset, std::string message) {
  Location where;
  where.offset = offset;
  where.has_offset = true;
  return Error(ErrorCode::kParse, "STIX pattern: " + std::move(message), where);
}

bool IsKeyword(std::string_view word) {
  static constexpr std::string_view kKeywords[] = {
      "AND",  "OR", "NOT",   "FOLLOWEDBY", "LIKE",    "MATCHES", "ISSUPERSET", "ISSUBSET", "EXISTS",
      "LAST", "IN", "START", "STOP",       "SECONDS", "WITHIN",  "REPEATS",    "TIMES"};
  for (std::string_view k : kKeywords) {
    if (k == word) return true;
  }
  return false;
}

bool IsIdentStart(char c) { return IsAlpha(c) || c == '_'; }
bool IsIdentChar(char c) { return IsAlnum(c) || c == '_' || c == '-'; }

bool IsBase64Char(char c) { return IsAlnum(c) || c == '+' || c == '/'; }

// t'YYYY-MM-DDTHH:MM:SS[.fff]Z' content check (ranges as in the grammar).
bool IsTimestamp(std::string_view s) {
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
  if (s.size() < kShape.size() + 1 || s.back() != 'Z') return false;
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    if (kShape[i] == 'd' ? !IsDigit(s[i]) : s[i] != kShape[i]) return false;
  }
  std::string_view frac = s.substr(kShape.size(), s.size() - kShape.size() - 1);
  if (frac.empty()) return true;
  if (frac.size() < 2 || frac[0] != '.') return false;
  for (char c : frac.substr(1)) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

bool IsValidPrefixedLiteral(char prefix, std::string_view body) {
  if (prefix == 't') return IsTimestamp(body);
  if (prefix == 'h') {
    if (body.size() % 2 != 0) return false;
    for (char c : body) {
      if (!IsHexDigit(c)) return false;
    }
    return true;
  }
  // b'...': base64 with padding.
  if (body.empty() || body.size() % 4 != 0) return false;
  std::size_t pad = body.size() - body.find_last_not_of('=') - 1;
  if (pad > 2) return false;
  for (std::size_t i = 0; i < body.size() - pad; ++i) {
    if (!IsBase64Char(body[i])) return false;
  }
  return true;
}

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  Result<Token> Next() {
    SkipSpaceAndComments();
    Token t;
    t.offset = pos_;
    if (pos_ >= s_.size()) return t;
    char c = s_[pos_];
    if (c == '\'') return LexString(t);
    if ((c == 'h' || c == 'b' || c == 't') && Peek(1) == '\'') return LexPrefixed(t, c);
    if (IsIdentStart(c)) return LexWord(t);
    if (IsDigit(c) || ((c == '+' || c == '-' || c == '.') && IsNumberAhead())) return LexNumber(t);
    return LexPunct(t);
  }

 private:
  char Peek(std::size_t ahead) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }

  bool IsNumberAhead() const {
    std::size_t i = pos_ + (s_[pos_] == '.' ? 0 : 1);
    if (i < s_.size() && s_[i] == '.') ++i;
    return i < s_.size() && IsDigit(s_[i]);
  }

  // Unicode white space the grammar skips, as UTF-8 byte sequences.
  std::size_t UnicodeSpaceLength() const {
    static constexpr std::string_view kSpaces[] = {"\xC2\xA0",     "\xC2\x85",     "\xE1\x9A\x80",
                                                   "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xAF",
                                                   "\xE2\x81\x9F", "\xE3\x80\x80"};
    std::string_view rest = s_.substr(pos_);
    for (std::string_view sp : kSpaces) {
      if (rest.substr(0, sp.size()) == sp) return sp.size();
    }
    // U+2000..U+200A
    if (rest.size() >= 3 && rest[0] == '\xE2' && rest[1] == '\x80' &&
        static_cast<unsigned char>(rest[2]) >= 0x80 && static_cast<unsigned char>(rest[2]) <= 0x8A)
      return 3;
    return 0;
  }

  void SkipSpaceAndComments() {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') {
        ++pos_;
      } else if (std::size_t n = UnicodeSpaceLength(); n > 0) {
        pos_ += n;
      } else if (c == '/' && Peek(1) == '*') {
        std::size_t end = s_.find("*/", pos_ + 2);
        pos_ = end == std::string_view::npos ? s_.size() : end + 2;
      } else if (c == '/' && Peek(1) == '/') {
        std::size_t end = s_.find_first_of("\r\n", pos_);
        pos_ = end == std::string_view::npos ? s_.size() : end;
      } else {
        return;
      }
    }
  }

  // Reads a quoted body starting at the opening quote; unescapes \' and \\ only
  // (other backslashes are kept as written, as regexes in MATCHES need them).
  Result<std::string> QuotedBody() {
    std::size_t start = pos_++;
    std::string out;
    while (pos_ < s_.size()) {
      char c = s_[pos_++];
      if (c == '\'') return out;
      if (c == '\\' && pos_ < s_.size() && (s_[pos_] == '\'' || s_[pos_] == '\\')) {
        out.push_back(s_[pos_++]);
        continue;
      }
      out.push_back(c);
    }
    return ParseError(start, "unterminated string literal");
  }

  Result<Token> LexString(Token& t) {
    SHRIKE_TRY(t.literal.text, QuotedBody());
    t.kind = Tok::kLiteral;
    t.literal.kind = LiteralKind::kString;
    return t;
  }

  Result<Token> LexPrefixed(Token& t, char prefix) {
    ++pos_;
    SHRIKE_TRY(std::string body, QuotedBody());
    if (!IsValidPrefixedLiteral(prefix, body)) {
      return ParseError(t.offset, std::string("malformed ") + prefix + "'...' literal");
    }
    t.kind = Tok::kLiteral;
    t.literal.kind = prefix == 't'   ? LiteralKind::kTimestamp
                     : prefix == 'h' ? LiteralKind::kHex
                                     : LiteralKind::kBinary;
    t.literal.text = std::move(body);
    return t;
  }

  Result<Token> LexWord(Token& t) {
    std::size_t start = pos_;
    while (pos_ < s_.size() && IsIdentChar(s_[pos_])) ++pos_;
    t.text = std::string(s_.substr(start, pos_ - start));
    if (t.text == "true" || t.text == "false") {
      t.kind = Tok::kLiteral;
      t.literal = {LiteralKind::kBool, t.text, {}};
    } else {
      t.kind = IsKeyword(t.text) ? Tok::kKeyword : Tok::kIdent;
    }
    return t;
  }

  Result<Token> LexNumber(Token& t) {
    std::size_t start = pos_;
    if (s_[pos_] == '+' || s_[pos_] == '-') ++pos_;
    while (pos_ < s_.size() && IsDigit(s_[pos_])) ++pos_;
    bool is_float = pos_ < s_.size() && s_[pos_] == '.' && IsDigit(Peek(1));
    if (is_float) {
      ++pos_;
      while (pos_ < s_.size() && IsDigit(s_[pos_])) ++pos_;
    }
    t.kind = Tok::kLiteral;
    t.literal.kind = is_float ? LiteralKind::kFloat : LiteralKind::kInt;
    t.literal.text = std::string(s_.substr(start, pos_ - start));
    return t;
  }

  Result<Token> LexPunct(Token& t) {
    static constexpr std::pair<std::string_view, std::string_view> kPuncts[] = {
        {"==", "="}, {"!=", "!="}, {"<>", "!="}, {"<=", "<="}, {">=", ">="}, {"=", "="},
        {"<", "<"},  {">", ">"},   {"[", "["},   {"]", "]"},   {"(", "("},   {")", ")"},
        {":", ":"},  {".", "."},   {",", ","},   {"*", "*"}};
    std::string_view rest = s_.substr(pos_);
    for (auto [spelling, canonical] : kPuncts) {
      if (rest.substr(0, spelling.size()) == spelling) {
        pos_ += spelling.size();
        t.kind = Tok::kPunct;
        t.text = std::string(canonical);
        return t;
      }
    }
    return ParseError(pos_, "unexpected character '" + std::string(1, s_[pos_]) + "'");
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

class Parser {
 public:
  explicit Parser(std::string_view s) : lexer_(s) {}

  Result<PatternNode> Run() {
    SHRIKE_RETURN_IF_ERROR(Advance());
    SHRIKE_TRY(PatternNode root, ObservationExpressions());
    if (tok_.kind != Tok::kEnd) return Unexpected("end of pattern");
    return root;
  }

 private:
  Status Advance() {
    SHRIKE_TRY(tok_, lexer_.Next());
    return Ok();
  }

  bool IsPunct(std::string_view p) const { return tok_.kind == Tok::kPunct && tok_.text == p; }
  bool IsKeyword(std::string_view k) const { return tok_.kind == Tok::kKeyword && tok_.text == k; }

  Error Unexpected(std::string_view expected) const {
    std::string got = tok_.kind == Tok::kEnd       ? "end of pattern"
                      : tok_.kind == Tok::kLiteral ? "a literal"
                                                   : "'" + tok_.text + "'";
    return ParseError(tok_.offset, "expected " + std::string(expected) + ", got " + got);
  }

  Status Expect(Tok kind, std::string_view text) {
    if (tok_.kind != kind || tok_.text != text) return Unexpected("'" + std::string(text) + "'");
    return Advance();
  }

  Status Enter() {
    if (++depth_ > kMaxPatternDepth) {
      Error e = ParseError(tok_.offset, "nesting deeper than the limit");
      return Error(ErrorCode::kLimit, e.message(), e.where());
    }
    return Ok();
  }

  // Appends child to node, flattening a child of the same kind and level.
  static void Join(PatternNode& node, PatternNode child) {
    if (child.kind == node.kind && child.observation_level == node.observation_level) {
      for (PatternNode& grandchild : child.children) node.children.push_back(std::move(grandchild));
    } else {
      node.children.push_back(std::move(child));
    }
  }

  using Rule = Result<PatternNode> (Parser::*)();

  // left (KEYWORD right)* as one flattened node, or left alone.
  Result<PatternNode> Chain(Rule operand, std::string_view keyword, PatternNode::Kind kind,
                            bool observation_level) {
    SHRIKE_TRY(PatternNode first, (this->*operand)());
    if (!IsKeyword(keyword)) return first;
    PatternNode node;
    node.kind = kind;
    node.observation_level = observation_level;
    Join(node, std::move(first));
    while (IsKeyword(keyword)) {
      SHRIKE_RETURN_IF_ERROR(Advance());
      SHRIKE_TRY(PatternNode next, (this->*operand)());
      Join(node, std::move(next));
    }
    return node;
  }

  Result<PatternNode> ObservationExpressions() {
    return Chain(&Parser::ObservationOr, "FOLLOWEDBY", PatternNode::Kind::kFollowedBy, true);
  }
  Result<PatternNode> ObservationOr() {
    return Chain(&Parser::ObservationAnd, "OR", PatternNode::Kind::kOr, true);
  }
  Result<PatternNode> ObservationAnd() {
    return Chain(&Parser::Observation, "AND", PatternNode::Kind::kAnd, true);
  }

  Result<PatternNode> Observation() {
    SHRIKE_RETURN_IF_ERROR(Enter());
    PatternNode node;
    if (IsPunct("[")) {
      SHRIKE_RETURN_IF_ERROR(Advance());
      node.kind = PatternNode::Kind::kObservation;
      SHRIKE_TRY(PatternNode inner, ComparisonExpression());
      node.children.push_back(std::move(inner));
      SHRIKE_RETURN_IF_ERROR(Expect(Tok::kPunct, "]"));
    } else if (IsPunct("(")) {
      SHRIKE_RETURN_IF_ERROR(Advance());
      SHRIKE_TRY(node, ObservationExpressions());
      SHRIKE_RETURN_IF_ERROR(Expect(Tok::kPunct, ")"));
    } else {
      return Unexpected("'[' or '('");
    }
    SHRIKE_RETURN_IF_ERROR(Qualifiers(node));
    --depth_;
    return node;
  }

  Status ExpectLiteral(LiteralKind a, LiteralKind b, std::string_view what) {
    if (tok_.kind != Tok::kLiteral || (tok_.literal.kind != a && tok_.literal.kind != b) ||
        tok_.literal.text.starts_with('-')) {
      return Unexpected(what);
    }
    return Advance();
  }

  // WITHIN n SECONDS, REPEATS n TIMES, START t'..' STOP t'..': checked, then ignored.
  Status Qualifiers(PatternNode& node) {
    constexpr auto kInt = LiteralKind::kInt;
    constexpr auto kTime = LiteralKind::kTimestamp;
    while (true) {
      if (IsKeyword("WITHIN")) {
        SHRIKE_RETURN_IF_ERROR(Advance());
        SHRIKE_RETURN_IF_ERROR(ExpectLiteral(kInt, LiteralKind::kFloat, "a number of seconds"));
        SHRIKE_RETURN_IF_ERROR(Expect(Tok::kKeyword, "SECONDS"));
      } else if (IsKeyword("REPEATS")) {
        SHRIKE_RETURN_IF_ERROR(Advance());
        SHRIKE_RETURN_IF_ERROR(ExpectLiteral(kInt, kInt, "a repeat count"));
        SHRIKE_RETURN_IF_ERROR(Expect(Tok::kKeyword, "TIMES"));
      } else if (IsKeyword("START")) {
        SHRIKE_RETURN_IF_ERROR(Advance());
        SHRIKE_RETURN_IF_ERROR(ExpectLiteral(kTime, kTime, "a t'...' timestamp"));
        SHRIKE_RETURN_IF_ERROR(Expect(Tok::kKeyword, "STOP"));
        SHRIKE_RETURN_IF_ERROR(ExpectLiteral(kTime, kTime, "a t'...' timestamp"));
      } else {
        return Ok();
      }
      node.qualified = true;
    }
  }

  Result<PatternNode> ComparisonExpression() {
    return Chain(&Parser::ComparisonAnd, "OR", PatternNode::Kind::kOr, false);
  }
  Result<PatternNode> ComparisonAnd() {
    return Chain(&Parser::PropTest, "AND", PatternNode::Kind::kAnd, false);
  }

  Result<PatternNode> PropTest() {
    SHRIKE_RETURN_IF_ERROR(Enter());
    PatternNode node;
    if (IsPunct("(")) {
      SHRIKE_RETURN_IF_ERROR(Advance());
      SHRIKE_TRY(node, ComparisonExpression());
      SHRIKE_RETURN_IF_ERROR(Expect(Tok::kPunct, ")"));
    } else {
      SHRIKE_TRY(node.comparison, Test());
    }
    --depth_;
    return node;
  }

  Result<Comparison> Test() {
    Comparison c;
    if (IsKeyword("NOT") || IsKeyword("EXISTS")) {
      c.negated = IsKeyword("NOT");
      if (c.negated) SHRIKE_RETURN_IF_ERROR(Advance());
      SHRIKE_RETURN_IF_ERROR(Expect(Tok::kKeyword, "EXISTS"));
      c.op = "EXISTS";
      SHRIKE_RETURN_IF_ERROR(ObjectPath(c));
      return c;
    }
    SHRIKE_RETURN_IF_ERROR(ObjectPath(c));
    if (IsKeyword("NOT")) {
      c.negated = true;
      SHRIKE_RETURN_IF_ERROR(Advance());
    }
    c.op = tok_.text;
    if (tok_.kind == Tok::kPunct && (c.op == "=" || c.op == "!=" || c.op == "<" || c.op == "<=" ||
                                     c.op == ">" || c.op == ">=")) {
      SHRIKE_RETURN_IF_ERROR(Advance());
      SHRIKE_TRY(c.value, PrimitiveLiteral(c.op == "=" || c.op == "!="));
    } else if (IsKeyword("IN")) {
      SHRIKE_RETURN_IF_ERROR(Advance());
      SHRIKE_TRY(c.value, SetLiteral());
    } else if (IsKeyword("LIKE") || IsKeyword("MATCHES") || IsKeyword("ISSUBSET") ||
               IsKeyword("ISSUPERSET")) {
      SHRIKE_RETURN_IF_ERROR(Advance());
      if (tok_.kind != Tok::kLiteral || tok_.literal.kind != LiteralKind::kString)
        return Unexpected("a string literal");
      c.value = tok_.literal;
      SHRIKE_RETURN_IF_ERROR(Advance());
    } else {
      return Unexpected("a comparison operator");
    }
    return c;
  }

  Result<Literal> PrimitiveLiteral(bool allow_bool) {
    if (tok_.kind != Tok::kLiteral || (!allow_bool && tok_.literal.kind == LiteralKind::kBool))
      return Unexpected("a literal");
    Literal lit = tok_.literal;
    SHRIKE_RETURN_IF_ERROR(Advance());
    return lit;
  }

  Result<Literal> SetLiteral() {
    Literal set;
    set.kind = LiteralKind::kSet;
    SHRIKE_RETURN_IF_ERROR(Expect(Tok::kPunct, "("));
    while (!IsPunct(")")) {
      if (!set.items.empty()) SHRIKE_RETURN_IF_ERROR(Expect(Tok::kPunct, ","));
      SHRIKE_TRY(Literal item, PrimitiveLiteral(true));
      set.items.push_back(std::move(item));
    }
    SHRIKE_RETURN_IF_ERROR(Advance());
    return set;
  }

  // object-type ':' first-step ( '.' step | '[' index ']' )*
  Status ObjectPath(Comparison& c) {
    if (tok_.kind != Tok::kIdent) return Unexpected("an object type");
    c.object_type = tok_.text;
    SHRIKE_RETURN_IF_ERROR(Advance());
    SHRIKE_RETURN_IF_ERROR(Expect(Tok::kPunct, ":"));
    SHRIKE_RETURN_IF_ERROR(KeyStep(c));
    while (IsPunct(".") || IsPunct("[")) {
      bool index = IsPunct("[");
      SHRIKE_RETURN_IF_ERROR(Advance());
      SHRIKE_RETURN_IF_ERROR(index ? IndexStep(c) : KeyStep(c));
    }
    return Ok();
  }

  Status KeyStep(Comparison& c) {
    bool quoted = tok_.kind == Tok::kLiteral && tok_.literal.kind == LiteralKind::kString;
    if (tok_.kind != Tok::kIdent && !quoted) return Unexpected("a property name");
    c.path.push_back(quoted ? tok_.literal.text : tok_.text);
    return Advance();
  }

  Status IndexStep(Comparison& c) {
    if (IsPunct("*")) {
      c.path.push_back("[*]");
    } else if (tok_.kind == Tok::kLiteral && tok_.literal.kind == LiteralKind::kInt) {
      c.path.push_back("[" + tok_.literal.text + "]");
    } else {
      return Unexpected("an index or '*'");
    }
    SHRIKE_RETURN_IF_ERROR(Advance());
    return Expect(Tok::kPunct, "]");
  }

  Lexer lexer_;
  Token tok_;
  int depth_ = 0;
};

}  // namespace

bool IsPatternKeyword(std::string_view word) {
  return IsKeyword(word) || word == "true" || word == "false";
}

Result<PatternNode> ParsePattern(std::string_view pattern) {
  if (pattern.size() > kMaxPatternBytes) {
    return Error(ErrorCode::kLimit,
                 "STIX pattern longer than " + std::to_string(kMaxPatternBytes) + " bytes");
  }
  return Parser(pattern).Run();
}

}  // namespace shrike::stix
