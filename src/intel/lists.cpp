// Plain one-value-per-line lists and the signature-base (Loki/THOR) formats:
// hash lists "hash;description", c2 lists "value[;description]" and filename
// lists "regex;score[;false-positive regex]".
#include <algorithm>

#include "core/strings.h"
#include "intel/formats_common.h"
#include "shrike/intel_io.h"

namespace shrike {
namespace {

using intel_internal::RecordPlace;

// State carried from line to line while reading one list.
struct ListReader {
  const std::string& file;
  IntelFormat format;
  Diagnostics& diags;
  Intel intel;
  intel_internal::ContextInterner interner;
  std::string last_comment;  // the comment right above, for filename lists

  void Warn(const RecordPlace& place, const std::string& what) {
    diags.Warn(
        Error(ErrorCode::kParse, what + "; line skipped", intel_internal::ToLocation(place)));
  }

  std::shared_ptr<const IndicatorContext> Context(std::string_view description, int confidence,
                                                  std::vector<std::string> tags) {
    IndicatorContext ctx;
    ctx.source = intel_internal::BaseName(file);
    ctx.description = std::string(Trim(description));
    ctx.confidence = confidence;
    ctx.tags = std::move(tags);
    return interner.Intern(ctx);
  }

  // Refangs and types a bare value, then adds it.
  void AddValue(std::string_view raw, std::string_view description, const RecordPlace& place) {
    std::string value = intel_internal::MaybeRefang(Trim(raw));
    auto type = intel_internal::InferIndicatorType(value);
    if (!type)
      return Warn(place, "cannot tell the indicator type of '" + value.substr(0, 200) + "'");
    std::size_t before = intel.indicators.size();
    if (!intel_internal::AddIndicator(intel, *type, value, Context(description, -1, {}), place,
                                      diags)) {
      return;
    }
    intel.indicators[before].defanged = value != Trim(raw);
  }

  void PlainLine(std::string_view line, const RecordPlace& place) {
    std::size_t space = line.find_first_of(" \t");
    std::string_view rest = space == std::string_view::npos ? "" : Trim(line.substr(space));
    if (!rest.empty() && rest[0] == '#') rest = Trim(rest.substr(1));
    AddValue(line.substr(0, space), rest, place);
  }

  void HashLine(std::string_view line, const RecordPlace& place) {
    std::size_t semi = line.find(';');
    std::string_view hash = Trim(line.substr(0, semi));
    std::string_view description = semi == std::string_view::npos ? "" : line.substr(semi + 1);
    std::optional<IndicatorType> type;
    if (hash.size() == 32) type = IndicatorType::kMd5;
    if (hash.size() == 40) type = IndicatorType::kSha1;
    if (hash.size() == 64) type = IndicatorType::kSha256;
    if (!type) {
      return Warn(place, "'" + std::string(hash.substr(0, 200)) +
                             "' is not an MD5, SHA-1 or SHA-256 digest");
    }
    intel_internal::AddIndicator(intel, *type, hash, Context(description, -1, {}), place, diags);
  }

  void C2Line(std::string_view line, const RecordPlace& place) {
    std::size_t semi = line.find(';');
    std::string_view description = semi == std::string_view::npos ? "" : line.substr(semi + 1);
    AddValue(line.substr(0, semi), description, place);
  }

  void FilenameLine(std::string_view line, const RecordPlace& place) {
    auto parts = Split(line, ';');
    if (parts.size() < 2 || parts.size() > 3 || Trim(parts[0]).empty()) {
      return Warn(place, "expected 'regex;score' or 'regex;score;false-positive-regex'");
    }
    auto score = intel_internal::ParseInt(parts[1], 0, INT32_MAX);
    if (!score) {
      return Warn(place, "score '" + std::string(Trim(parts[1]).substr(0, 40)) +
                             "' is not a non-negative integer");
    }
    std::vector<std::string> tags{"score=" + std::to_string(*score)};
    if (parts.size() == 3 && !Trim(parts[2]).empty()) {
      tags.push_back("false-positive-regex=" + std::string(Trim(parts[2])));
    }
    int confidence = static_cast<int>(std::min<std::int64_t>(*score, 100));
    auto context = Context(last_comment, confidence, std::move(tags));
    intel_internal::AddIndicator(intel, IndicatorType::kFilenameRegex, parts[0], context, place,
                                 diags);
  }

  void Line(std::string_view raw, const RecordPlace& place) {
    std::string_view line = Trim(raw);
    if (line.empty()) {
      last_comment.clear();
      return;
    }
    if (line[0] == '#' || line.substr(0, 2) == "//") {
      last_comment = std::string(Trim(line.substr(line[0] == '#' ? 1 : 2)));
      return;
    }
    switch (format) {
      case IntelFormat::kLokiHash: return HashLine(line, place);
      case IntelFormat::kLokiC2: return C2Line(line, place);
      case IntelFormat::kLokiFilename: return FilenameLine(line, place);
      default: return PlainLine(line, place);
    }
  }
};

bool IsListFormat(IntelFormat format) {
  return format == IntelFormat::kList || format == IntelFormat::kLokiHash ||
         format == IntelFormat::kLokiC2 || format == IntelFormat::kLokiFilename;
}

}  // namespace

Result<Intel> ReadList(std::string_view text, const std::string& file, IntelFormat format,
                       Diagnostics& diags) {
  if (!IsListFormat(format)) {
    return Error(ErrorCode::kInvalidArgument,
                 "ReadList cannot read " + std::string(IntelFormatName(format)),
                 intel_internal::FileLine(file));
  }
  std::uint64_t offset = 0, line_no = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    text.remove_prefix(3);
    offset = 3;
  }
  ListReader reader{file, format, diags, {}, {}, {}};
  reader.intel.name = intel_internal::BaseName(file);
  for (std::string_view line : Split(text, '\n')) {
    reader.Line(line, RecordPlace{&file, ++line_no, offset, {}});
    offset += line.size() + 1;
  }
  return std::move(reader.intel);
}

}  // namespace shrike
