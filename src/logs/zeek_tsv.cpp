// Zeek ASCII logs: the #separator / #set_separator / #empty_field /
// #unset_field / #fields / #types header, then one record per line. Headers
// may repeat (concatenated logs); each replaces the previous one.
#include <string>
#include <vector>

#include "core/strings.h"
#include "logs/readers.h"

namespace shrike::logs_internal {
namespace {

// "\x09" -> tab; other text unchanged.
std::string Unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size() && text[i + 1] == 'x' && IsHexDigit(text[i + 2]) &&
        IsHexDigit(text[i + 3])) {
      out.push_back(static_cast<char>(std::stoi(std::string(text.substr(i + 2, 2)), nullptr, 16)));
      i += 3;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

std::vector<std::string_view> SplitOn(std::string_view text, std::string_view sep) {
  std::vector<std::string_view> out;
  if (sep.empty()) sep = "\t";
  std::size_t pos = 0;
  while (true) {
    std::size_t next = text.find(sep, pos);
    out.push_back(text.substr(pos, next == std::string_view::npos ? next : next - pos));
    if (next == std::string_view::npos) return out;
    pos = next + sep.size();
  }
}

class ZeekTsvParser : public LineParser {
 public:
  explicit ZeekTsvParser(std::string path) : path_(std::move(path)) {}

  bool Parse(const Line& line, Event& event, Diagnostics& diags) override {
    if (!line.text.empty() && line.text.front() == '#') {
      Header(line.text);
      return false;
    }
    auto cells = SplitOn(line.text, separator_);
    if (names_.empty() || cells.size() != names_.size()) {
      diags.Warn(Error(ErrorCode::kParse,
                       "Zeek record has " + std::to_string(cells.size()) + " fields, header " +
                           std::to_string(names_.size()),
                       LineLocation(path_, line)));
      return false;
    }
    event.kind = SourceKind::kZeekTsv;
    for (std::size_t i = 0; i < cells.size(); ++i) AddCell(i, cells[i], event);
    return true;
  }

 private:
  void AddCell(std::size_t i, std::string_view cell, Event& event) const {
    if (cell == unset_ || cell == empty_) return;
    bool container =
        i < types_.size() && (types_[i].starts_with("set[") || types_[i].starts_with("vector["));
    if (!container) {
      event.fields.emplace_back(names_[i], std::string(cell));
      return;
    }
    for (std::string_view item : SplitOn(cell, set_separator_)) {
      event.fields.emplace_back(names_[i], std::string(item));
    }
  }

  void Header(std::string_view text) {
    std::size_t space = text.find_first_of(" \t");
    std::string_view key = text.substr(0, space);
    std::string_view rest = space == std::string_view::npos ? "" : text.substr(space + 1);
    if (key == "#separator") {
      separator_ = Unescape(Trim(rest));
      if (separator_.empty()) separator_ = "\t";
      return;
    }
    auto values = SplitOn(rest, separator_);
    if (key == "#set_separator" && !values.empty()) set_separator_ = Unescape(values[0]);
    if (key == "#empty_field" && !values.empty()) empty_ = values[0];
    if (key == "#unset_field" && !values.empty()) unset_ = values[0];
    if (key == "#fields") names_.assign(values.begin(), values.end());
    if (key == "#types") types_.assign(values.begin(), values.end());
  }

  std::string path_;
  std::string separator_ = "\t";
  std::string set_separator_ = ",";
  std::string empty_ = "(empty)";
  std::string unset_ = "-";
  std::vector<std::string> names_;
  std::vector<std::string> types_;
};

}  // namespace

std::unique_ptr<LineParser> MakeZeekTsvParser(const std::string& path) {
  return std::make_unique<ZeekTsvParser>(path);
}

}  // namespace shrike::logs_internal
