// RFC 4180 CSV tokenizer and the column vocabulary of intel CSV files.
//
// The tokenizer handles quoted fields, doubled quotes inside them, CRLF or LF
// line ends, newlines embedded in quoted fields and a leading UTF-8 BOM. It
// is lenient where RFC 4180 is silent (a stray quote inside an unquoted field
// is kept as text) and strict where data would be lost (a quoted field left
// open at the end of input is an error).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shrike/indicator.h"
#include "shrike/result.h"

namespace shrike::intel_internal {

struct CsvRecord {
  std::vector<std::string> fields;
  std::uint64_t line = 0;    // 1-based line where the record starts
  std::uint64_t offset = 0;  // byte offset where the record starts
};

class CsvTokenizer {
 public:
  // text must outlive the tokenizer. A leading BOM is skipped.
  CsvTokenizer(std::string_view text, const std::string& file, char delimiter = ',');

  // Reads the next record into record. Returns false at the end of input, an
  // Error (naming file and line) for a quoted field left open.
  Result<bool> Next(CsvRecord& record);

 private:
  bool AtLineEnd() const;
  void SkipLineEnd();
  Status ReadQuoted(std::string& field, std::uint64_t start_line);
  void ReadUnquoted(std::string& field);

  std::string_view text_;
  const std::string& file_;
  char delimiter_;
  std::size_t pos_ = 0;
  std::uint64_t line_ = 1;
};

// The meaning of an intel CSV column, recognised case-insensitively.
enum class CsvColumn : std::uint8_t {
  kIgnored,
  kType,
  kValue,  // value, indicator, ioc
  kCampaign,
  kActor,
  kAliases,
  kMalwareFamily,  // malware_family, family, malware
  kTool,
  kConfidence,
  kSource,
  kFirstSeen,
  kLastSeen,
  kTags,
  kDescription,
  kTyped,  // the header names an indicator type: each cell is one value
};

struct CsvColumnSpec {
  CsvColumn column = CsvColumn::kIgnored;
  IndicatorType type = IndicatorType::kSha256;  // for kTyped
};

CsvColumnSpec ClassifyCsvColumn(std::string_view header_cell);
// The delimiter of a header line: ',' unless the line has tabs and no commas.
char CsvDelimiter(std::string_view header_line);
// Whether a first line is the header of an intel CSV: every cell a short
// name, and at least one names a value column or an indicator type.
bool IsIntelCsvHeader(std::string_view header_line);
// Appends field to out, quoted per RFC 4180 when it needs to be.
void AppendCsvField(std::string& out, std::string_view field);

}  // namespace shrike::intel_internal
