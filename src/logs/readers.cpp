#include "logs/readers.h"

#include <cmath>
#include <cstdlib>
#include <string>

#include "core/strings.h"

namespace shrike::logs_internal {
namespace {

// A CSV header: at least two cells, each a short field name.
bool LooksLikeCsvHeader(std::string_view line) {
  auto cells = Split(line, ',');
  if (cells.size() < 2) return false;
  for (std::string_view cell : cells) {
    cell = Trim(cell);
    if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"') {
      cell = cell.substr(1, cell.size() - 2);
    }
    if (cell.empty() || cell.size() > 64 || IsDigit(cell.front())) return false;
    for (char c : cell) {
      if (!IsAlnum(c) && c != '_' && c != '.' && c != '@' && c != '-' && c != ' ') return false;
    }
  }
  return true;
}

bool IsEpochNumber(std::string_view text) {
  std::size_t digits = 0, dots = 0;
  for (char c : text) {
    if (IsDigit(c)) {
      ++digits;
    } else if (c == '.') {
      ++dots;
    } else {
      return false;
    }
  }
  return digits >= 9 && dots <= 1 && text.front() != '.';
}

}  // namespace

SourceKind DetectLineFormat(std::string_view first) {
  if (first.substr(0, 3) == "\xEF\xBB\xBF") first.remove_prefix(3);
  if (first.substr(0, 10) == "#separator" || first.substr(0, 7) == "#fields") {
    return SourceKind::kZeekTsv;
  }
  std::string_view trimmed = Trim(first);
  if (!trimmed.empty() && trimmed.front() == '{') return SourceKind::kNdjson;
  if (LooksLikeCsvHeader(trimmed)) return SourceKind::kCsv;
  return SourceKind::kText;
}

UnixTime ParseEventTime(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return kNoTime;
  if (IsEpochNumber(text)) {
    double value = std::strtod(std::string(text).c_str(), nullptr);
    if (value > 1e11) value /= 1000;  // milliseconds
    if (!std::isfinite(value) || value > 1e13) return kNoTime;
    return static_cast<UnixTime>(std::floor(value));
  }
  return ParseIsoTime(text);
}

Location RecordLocation(const std::string& path, std::uint64_t line, std::uint64_t offset) {
  Location where;
  where.file = path;
  where.line = line;
  where.offset = offset;
  where.has_offset = true;
  return where;
}

Location LineLocation(const std::string& path, const Line& line) {
  return RecordLocation(path, line.number, line.offset);
}

LineRecordReader::LineRecordReader(ByteSource& source, std::string path, const HuntOptions& options,
                                   const Prefilter* prefilter)
    : path_(std::move(path)),
      options_(options),
      lines_(source, path_, options.max_record_bytes),
      prefilter_(prefilter != nullptr && prefilter->active() ? prefilter : nullptr) {}

// Header lines set the parser's state and are never skipped.
bool LineRecordReader::Skip(const Line& line, bool first) const {
  if (prefilter_ == nullptr || first) return false;
  if (kind_ == SourceKind::kZeekTsv && line.text.starts_with('#')) return false;
  return !prefilter_->Candidate(line.text);
}

// Moves the warnings of the last line to the caller, up to the cap.
void LineRecordReader::Drain(Diagnostics& diags) {
  for (const Error& e : local_.warnings()) {
    if (shown_ < kMaxWarningsPerInput) {
      diags.Warn(e);
      ++shown_;
    } else {
      ++dropped_;
    }
  }
  local_.Clear();
}

void LineRecordReader::Summarize(Diagnostics& diags) {
  if (dropped_ == 0) return;
  Location where;
  where.file = path_;
  diags.Warn(Error(ErrorCode::kLimit,
                   std::to_string(dropped_) + " more warnings for this input not shown", where));
  dropped_ = 0;
}

bool LineRecordReader::Next(Event& event, Diagnostics& diags) {
  Line line;
  while (lines_.Next(line, local_)) {
    Drain(diags);
    if (Trim(line.text).empty()) continue;
    bool first = !parser_;
    if (first) {
      kind_ = DetectLineFormat(line.text);
      switch (kind_) {
        case SourceKind::kZeekTsv: parser_ = MakeZeekTsvParser(path_); break;
        case SourceKind::kCsv: parser_ = MakeCsvParser(path_); break;
        case SourceKind::kText: parser_ = MakeTextParser(path_, options_.year); break;
        default: parser_ = MakeJsonParser(path_); break;
      }
    }
    if (Skip(line, first)) {
      ++skipped_;
      continue;
    }
    event.Clear();
    event.offset = line.offset;
    event.line = line.number;
    bool ok = parser_->Parse(line, event, local_);
    Drain(diags);
    if (ok) return true;
  }
  Drain(diags);
  Summarize(diags);
  return false;
}

}  // namespace shrike::logs_internal
