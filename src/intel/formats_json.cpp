// JSON access for the intel readers: simdjson DOM through its error-code API,
// plus a small validator that finds where a document stops being JSON
// (simdjson reports what is wrong, not where).
#include <cstring>

#include "core/strings.h"
#include "intel/formats_common.h"

namespace shrike::intel_internal {
namespace {

constexpr std::size_t kMaxDepth = 1024;  // simdjson's default limit

class JsonLocator {
 public:
  explicit JsonLocator(std::string_view text) : s_(text) {}

  // Offset of the first error, or npos when the text is valid JSON.
  std::size_t Run() {
    SkipSpace();
    if (!Value(0)) return pos_;
    SkipSpace();
    return pos_ == s_.size() ? std::string_view::npos : pos_;
  }

 private:
  void SkipSpace() {
    while (pos_ < s_.size() && std::strchr(" \t\r\n", s_[pos_]) != nullptr && s_[pos_] != 0) ++pos_;
  }
  bool Eat(char c) {
    if (pos_ < s_.size() && s_[pos_] == c) return ++pos_, true;
    return false;
  }
  bool Literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  bool Value(std::size_t depth) {
    if (pos_ >= s_.size() || depth > kMaxDepth) return false;
    switch (s_[pos_]) {
      case '{': return Container(depth, '}', true);
      case '[': return Container(depth, ']', false);
      case '"': return String();
      case 't': return Literal("true");
      case 'f': return Literal("false");
      case 'n': return Literal("null");
      default: return Number();
    }
  }
  bool Container(std::size_t depth, char close, bool object) {
    ++pos_;
    SkipSpace();
    if (Eat(close)) return true;
    while (true) {
      SkipSpace();
      if (object) {
        if (pos_ >= s_.size() || s_[pos_] != '"' || !String()) return false;
        SkipSpace();
        if (!Eat(':')) return false;
        SkipSpace();
      }
      if (!Value(depth + 1)) return false;
      SkipSpace();
      if (Eat(close)) return true;
      if (!Eat(',')) return false;
    }
  }
  bool String() {
    ++pos_;
    while (pos_ < s_.size()) {
      auto c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') return ++pos_, true;
      if (c < 0x20) return false;
      if (c == '\\') {
        ++pos_;
        if (pos_ >= s_.size() || std::strchr("\"\\/bfnrtu", s_[pos_]) == nullptr || s_[pos_] == 0)
          return false;
      } else if (c >= 0x80 && !Utf8()) {
        return false;
      }
      ++pos_;
    }
    return false;
  }
  // Checks the UTF-8 sequence at pos_ and leaves pos_ on its last byte.
  bool Utf8() {
    auto c = static_cast<unsigned char>(s_[pos_]);
    std::size_t len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (len == 0 || pos_ + len > s_.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s_[pos_ + k]) & 0xc0) != 0x80) return false;
    }
    pos_ += len - 1;
    return true;
  }
  bool Number() {
    std::size_t start = pos_;
    Eat('-');
    while (pos_ < s_.size() && (IsDigit(s_[pos_]) || std::strchr(".eE+-", s_[pos_]) != nullptr) &&
           s_[pos_] != 0) {
      ++pos_;
    }
    return pos_ > start && IsDigit(s_[pos_ - 1]);
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

}  // namespace

std::size_t JsonErrorOffset(std::string_view text) {
  std::size_t at = JsonLocator(text).Run();
  return at == std::string_view::npos ? 0 : at;
}

Result<simdjson::dom::element> ParseJson(simdjson::dom::parser& parser, std::string_view text,
                                         const std::string& file) {
  simdjson::dom::element root;
  auto code = parser.parse(text.data(), text.size()).get(root);
  if (code == simdjson::SUCCESS) return root;
  Location where;
  where.file = file;
  where.offset = JsonErrorOffset(text);
  where.has_offset = true;
  ErrorCode ec = code == simdjson::DEPTH_ERROR || code == simdjson::CAPACITY ? ErrorCode::kLimit
                                                                             : ErrorCode::kParse;
  std::string what = where.offset >= text.size() ? "truncated JSON" : "invalid JSON";
  return Error(ec, what + " (" + simdjson::error_message(code) + ")", std::move(where));
}

std::string_view JsonString(simdjson::dom::object obj, std::string_view key) {
  std::string_view out;
  if (obj[key].get(out) != simdjson::SUCCESS) return {};
  return out;
}

std::optional<simdjson::dom::array> JsonArray(simdjson::dom::object obj, std::string_view key) {
  simdjson::dom::array out;
  if (obj[key].get(out) != simdjson::SUCCESS) return std::nullopt;
  return out;
}

std::optional<simdjson::dom::object> JsonObject(simdjson::dom::element element) {
  simdjson::dom::object out;
  if (element.get(out) != simdjson::SUCCESS) return std::nullopt;
  return out;
}

bool JsonHas(simdjson::dom::object obj, std::string_view key) {
  return obj[key].error() == simdjson::SUCCESS;
}

bool JsonBool(simdjson::dom::object obj, std::string_view key, bool fallback) {
  simdjson::dom::element el;
  if (obj[key].get(el) != simdjson::SUCCESS) return fallback;
  bool b = false;
  if (el.get(b) == simdjson::SUCCESS) return b;
  std::int64_t i = 0;
  if (el.get(i) == simdjson::SUCCESS) return i != 0;
  std::string_view s;
  if (el.get(s) == simdjson::SUCCESS) {
    if (s == "1" || EqualsIgnoreCase(s, "true")) return true;
    if (s == "0" || EqualsIgnoreCase(s, "false")) return false;
  }
  return fallback;
}

std::optional<std::int64_t> JsonInt(simdjson::dom::object obj, std::string_view key) {
  simdjson::dom::element el;
  if (obj[key].get(el) != simdjson::SUCCESS) return std::nullopt;
  std::int64_t i = 0;
  if (el.get(i) == simdjson::SUCCESS) return i;
  std::string_view s;
  if (el.get(s) == simdjson::SUCCESS) return ParseInt(s, INT64_MIN, INT64_MAX);
  return std::nullopt;
}

std::vector<std::string> JsonStrings(simdjson::dom::object obj, std::string_view key) {
  std::vector<std::string> out;
  auto arr = JsonArray(obj, key);
  if (!arr) return out;
  for (simdjson::dom::element el : *arr) {
    std::string_view s;
    if (el.get(s) == simdjson::SUCCESS) out.emplace_back(s);
  }
  return out;
}

}  // namespace shrike::intel_internal
