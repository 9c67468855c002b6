// CSV tokenizer (RFC 4180) and the intel CSV reader and writer.
#include "intel/csv.h"

#include <array>

#include "core/strings.h"
#include "intel/formats_common.h"
#include "shrike/intel_io.h"

namespace shrike::intel_internal {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::size_t kMaxHeaderCell = 40;

struct ColumnName {
  std::string_view name;
  CsvColumn column;
};
constexpr std::array<ColumnName, 21> kColumnNames = {{
    {"type", CsvColumn::kType},
    {"indicator_type", CsvColumn::kType},
    {"value", CsvColumn::kValue},
    {"indicator", CsvColumn::kValue},
    {"ioc", CsvColumn::kValue},
    {"campaign", CsvColumn::kCampaign},
    {"actor", CsvColumn::kActor},
    {"threat_actor", CsvColumn::kActor},
    {"aliases", CsvColumn::kAliases},
    {"malware_family", CsvColumn::kMalwareFamily},
    {"family", CsvColumn::kMalwareFamily},
    {"malware", CsvColumn::kMalwareFamily},
    {"tool", CsvColumn::kTool},
    {"confidence", CsvColumn::kConfidence},
    {"source", CsvColumn::kSource},
    {"first_seen", CsvColumn::kFirstSeen},
    {"last_seen", CsvColumn::kLastSeen},
    {"tags", CsvColumn::kTags},
    {"description", CsvColumn::kDescription},
    {"comment", CsvColumn::kDescription},
    {"ioc_type", CsvColumn::kType},
}};

}  // namespace

CsvTokenizer::CsvTokenizer(std::string_view text, const std::string& file, char delimiter)
    : text_(text), file_(file), delimiter_(delimiter) {
  if (text_.substr(0, kBom.size()) == kBom) pos_ = kBom.size();
}

bool CsvTokenizer::AtLineEnd() const {
  return pos_ >= text_.size() || text_[pos_] == '\n' || text_[pos_] == '\r';
}

void CsvTokenizer::SkipLineEnd() {
  if (pos_ < text_.size() && text_[pos_] == '\r') ++pos_;
  if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
  ++line_;
}

Status CsvTokenizer::ReadQuoted(std::string& field, std::uint64_t start_line) {
  ++pos_;  // opening quote
  while (pos_ < text_.size()) {
    char c = text_[pos_++];
    if (c == '"') {
      if (pos_ < text_.size() && text_[pos_] == '"') {
        field.push_back('"');
        ++pos_;
        continue;
      }
      ReadUnquoted(field);  // text after the closing quote is kept, leniently
      return Ok();
    }
    if (c == '\n' || (c == '\r' && (pos_ >= text_.size() || text_[pos_] != '\n'))) ++line_;
    field.push_back(c);
  }
  return Error(ErrorCode::kParse, "quoted CSV field is not closed before the end of input",
               FileLine(file_, start_line));
}

void CsvTokenizer::ReadUnquoted(std::string& field) {
  while (!AtLineEnd() && text_[pos_] != delimiter_) field.push_back(text_[pos_++]);
}

Result<bool> CsvTokenizer::Next(CsvRecord& record) {
  record.fields.clear();
  if (pos_ >= text_.size()) return false;
  record.line = line_;
  record.offset = pos_;
  while (true) {
    std::string field;
    if (pos_ < text_.size() && text_[pos_] == '"') {
      SHRIKE_RETURN_IF_ERROR(ReadQuoted(field, line_));
    } else {
      ReadUnquoted(field);
    }
    record.fields.push_back(std::move(field));
    if (pos_ < text_.size() && text_[pos_] == delimiter_) {
      ++pos_;
      continue;
    }
    SkipLineEnd();
    return true;
  }
}

CsvColumnSpec ClassifyCsvColumn(std::string_view header_cell) {
  std::string name = AsciiLower(Trim(header_cell));
  for (char& c : name) {
    if (c == ' ' || c == '-') c = '_';
  }
  for (const auto& entry : kColumnNames) {
    if (entry.name == name) return {entry.column};
  }
  auto type = ParseIndicatorType(header_cell);
  if (type && IsObservable(*type)) return {CsvColumn::kTyped, *type};
  return {};
}

char CsvDelimiter(std::string_view header_line) {
  bool tabs = header_line.find('\t') != std::string_view::npos;
  return tabs && header_line.find(',') == std::string_view::npos ? '\t' : ',';
}

bool IsIntelCsvHeader(std::string_view header_line) {
  if (header_line.substr(0, kBom.size()) == kBom) header_line.remove_prefix(kBom.size());
  bool has_value = false;
  for (std::string_view cell : Split(header_line, CsvDelimiter(header_line))) {
    cell = Trim(cell);
    if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"') {
      cell = cell.substr(1, cell.size() - 2);
    }
    if (cell.size() > kMaxHeaderCell) return false;
    for (char c : cell) {
      if (!IsAlnum(c) && c != '_' && c != '-' && c != ' ') return false;
    }
    CsvColumn col = ClassifyCsvColumn(cell).column;
    has_value |= col == CsvColumn::kValue || col == CsvColumn::kTyped;
  }
  return has_value;
}

void AppendCsvField(std::string& out, std::string_view field) {
  bool quote = field.find_first_of(",\"\r\n") != std::string_view::npos ||
               (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!quote) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace shrike::intel_internal

namespace shrike {
namespace {

using intel_internal::CsvColumn;
using intel_internal::CsvColumnSpec;
using intel_internal::CsvRecord;

constexpr std::string_view kCsvHeader =
    "type,value,campaign,actor,aliases,malware_family,tool,confidence,source,first_seen,last_seen,"
    "tags,description";

struct CsvLayout {
  std::vector<CsvColumnSpec> columns;
  bool has_source = false;
  bool has_value = false;
  bool has_typed = false;
};

Result<CsvLayout> ReadLayout(const CsvRecord& header, const std::string& file) {
  CsvLayout layout;
  for (const auto& cell : header.fields) {
    CsvColumnSpec spec = intel_internal::ClassifyCsvColumn(cell);
    layout.has_source |= spec.column == CsvColumn::kSource;
    layout.has_value |= spec.column == CsvColumn::kValue;
    layout.has_typed |= spec.column == CsvColumn::kTyped;
    layout.columns.push_back(spec);
  }
  if (!layout.has_value && !layout.has_typed) {
    return Error(ErrorCode::kParse,
                 "CSV header names no value column (value, indicator, ioc) and no indicator type "
                 "column (sha256, domain, ...)",
                 intel_internal::FileLine(file, header.line));
  }
  return layout;
}

void WarnCell(Diagnostics& diags, const std::string& file, const CsvRecord& row,
              const std::string& what) {
  diags.Warn(Error(ErrorCode::kParse, what, intel_internal::FileLine(file, row.line)));
}

// Fills one context field from a cell; bad confidence or dates are warnings.
void ApplyContextCell(IndicatorContext& ctx, CsvColumn column, const std::string& cell,
                      const std::string& file, const CsvRecord& row, Diagnostics& diags) {
  std::string value(Trim(cell));
  switch (column) {
    case CsvColumn::kCampaign: ctx.campaign = value; break;
    case CsvColumn::kActor: ctx.actor = value; break;
    case CsvColumn::kAliases: ctx.aliases = intel_internal::SplitList(value, '|'); break;
    case CsvColumn::kMalwareFamily: ctx.malware_family = value; break;
    case CsvColumn::kTool: ctx.tool = value; break;
    case CsvColumn::kSource: ctx.source = value; break;
    case CsvColumn::kTags: ctx.tags = intel_internal::SplitList(value, '|'); break;
    case CsvColumn::kDescription: ctx.description = cell; break;
    case CsvColumn::kConfidence: {
      if (value.empty()) break;
      auto conf = intel_internal::ParseInt(value, 0, 100);
      if (!conf) WarnCell(diags, file, row, "confidence '" + value + "' is not 0-100; ignored");
      ctx.confidence = conf ? static_cast<int>(*conf) : -1;
      break;
    }
    case CsvColumn::kFirstSeen:
    case CsvColumn::kLastSeen: {
      if (value.empty()) break;
      UnixTime t = ParseIsoTime(value);
      if (t == kNoTime) WarnCell(diags, file, row, "date '" + value + "' is not ISO 8601; ignored");
      (column == CsvColumn::kFirstSeen ? ctx.first_seen : ctx.last_seen) = t;
      break;
    }
    default: break;
  }
}

std::optional<IndicatorType> RowType(const CsvLayout& layout, const CsvRecord& row,
                                     std::string_view value, const std::string& file,
                                     Diagnostics& diags) {
  for (std::size_t i = 0; i < layout.columns.size() && i < row.fields.size(); ++i) {
    if (layout.columns[i].column != CsvColumn::kType) continue;
    std::string_view name = Trim(row.fields[i]);
    if (name.empty()) break;
    auto type = ParseIndicatorType(name);
    if (!type) WarnCell(diags, file, row, "unknown indicator type '" + std::string(name) + "'");
    return type ? intel_internal::RefineAddressType(*type, value) : type;
  }
  auto inferred = intel_internal::InferIndicatorType(value);
  if (!inferred) WarnCell(diags, file, row, "cannot tell the type of '" + std::string(value) + "'");
  return inferred;
}

void ReadRow(const CsvLayout& layout, const CsvRecord& row, const std::string& file,
             intel_internal::ContextInterner& interner, Intel& intel, Diagnostics& diags) {
  IndicatorContext ctx;
  if (!layout.has_source) ctx.source = intel_internal::BaseName(file);
  std::size_t n = std::min(layout.columns.size(), row.fields.size());
  for (std::size_t i = 0; i < n; ++i) {
    ApplyContextCell(ctx, layout.columns[i].column, row.fields[i], file, row, diags);
  }
  auto context = interner.Intern(ctx);
  intel_internal::RecordPlace place{&file, row.line, row.offset, {}};
  for (std::size_t i = 0; i < n; ++i) {
    std::string_view cell = Trim(row.fields[i]);
    const CsvColumnSpec& spec = layout.columns[i];
    if (cell.empty()) continue;
    if (spec.column == CsvColumn::kTyped) {
      IndicatorType type = intel_internal::RefineAddressType(spec.type, cell);
      intel_internal::AddIndicator(intel, type, cell, context, place, diags);
    } else if (spec.column == CsvColumn::kValue) {
      auto type = RowType(layout, row, cell, file, diags);
      if (type) intel_internal::AddIndicator(intel, *type, cell, context, place, diags);
    }
  }
}

bool IsBlankRow(const CsvRecord& row) {
  for (const auto& f : row.fields) {
    if (!Trim(f).empty()) return false;
  }
  return true;
}

std::string FirstLine(std::string_view text) {
  return std::string(text.substr(0, text.find('\n')));
}

void AppendRow(std::string& out, const Indicator& ind) {
  const IndicatorContext& c = ind.ctx();
  std::string confidence = c.confidence >= 0 ? std::to_string(c.confidence) : "";
  const std::string fields[] = {std::string(IndicatorTypeName(ind.type)),
                                ind.value,
                                c.campaign,
                                c.actor,
                                intel_internal::JoinList(c.aliases, '|'),
                                c.malware_family,
                                c.tool,
                                confidence,
                                c.source,
                                FormatIsoTime(c.first_seen),
                                FormatIsoTime(c.last_seen),
                                intel_internal::JoinList(c.tags, '|'),
                                c.description};
  bool first = true;
  for (const auto& f : fields) {
    if (!first) out.push_back(',');
    first = false;
    intel_internal::AppendCsvField(out, f);
  }
  out.push_back('\n');
}

}  // namespace

Result<Intel> ReadCsv(std::string_view text, const std::string& file, Diagnostics& diags) {
  intel_internal::CsvTokenizer tokenizer(text, file, intel_internal::CsvDelimiter(FirstLine(text)));
  CsvRecord row;
  SHRIKE_TRY(bool has_header, tokenizer.Next(row));
  if (!has_header)
    return Error(ErrorCode::kParse, "empty CSV: a header line is required",
                 intel_internal::FileLine(file));
  SHRIKE_TRY(CsvLayout layout, ReadLayout(row, file));
  Intel intel;
  intel.name = intel_internal::BaseName(file);
  intel_internal::ContextInterner interner;
  while (true) {
    SHRIKE_TRY(bool more, tokenizer.Next(row));
    if (!more) break;
    if (!IsBlankRow(row)) ReadRow(layout, row, file, interner, intel, diags);
  }
  return intel;
}

std::string WriteCsv(const Intel& intel) {
  std::string out(kCsvHeader);
  out.push_back('\n');
  for (const Indicator& ind : intel.indicators) AppendRow(out, ind);
  return out;
}

}  // namespace shrike
