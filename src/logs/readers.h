// Record readers: turn a stream of lines into Events.
//
// RecordReader is the extension point for new formats: an EVTX reader
// implements Next() over its own chunks and the hunt stays unchanged. The
// line-oriented formats share LineRecordReader, which detects the format from
// the first non-empty line (Zeek TSV header, '{' for NDJSON, a CSV header,
// else text) and parses each line with the parser of that format.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "logs/line_reader.h"
#include "logs/prefilter.h"
#include "shrike/event.h"
#include "shrike/hunt.h"

namespace shrike::logs_internal {

class RecordReader {
 public:
  virtual ~RecordReader() = default;
  // Fills event with the next good record; false at the end. Bad records are
  // warned and skipped.
  virtual bool Next(Event& event, Diagnostics& diags) = 0;
  // Records skipped unparsed by the prefilter so far.
  virtual std::uint64_t skipped() const { return 0; }
};

// Per-format state of a line parser. Parse returns false (and warns) for a
// line that is not a record (a bad line, or a header).
class LineParser {
 public:
  virtual ~LineParser() = default;
  virtual bool Parse(const Line& line, Event& event, Diagnostics& diags) = 0;
};

// Which line parser fits a first non-empty line.
SourceKind DetectLineFormat(std::string_view first_line);
std::unique_ptr<LineParser> MakeJsonParser(const std::string& path);
std::unique_ptr<LineParser> MakeZeekTsvParser(const std::string& path);
std::unique_ptr<LineParser> MakeCsvParser(const std::string& path);
std::unique_ptr<LineParser> MakeTextParser(const std::string& path, int year);

// Epoch seconds (integer or fractional; milliseconds when over 1e11) or ISO
// 8601 with 'T' or ' ' and any offset; kNoTime when not a time.
UnixTime ParseEventTime(std::string_view text);
// Where a record is: file, 1-based line (0 unknown) and byte offset.
Location RecordLocation(const std::string& path, std::uint64_t line, std::uint64_t offset);
Location LineLocation(const std::string& path, const Line& line);

// Warnings are capped per input (kMaxWarningsPerInput, then one summary) so
// that a file of garbage cannot grow memory without bound.
inline constexpr std::size_t kMaxWarningsPerInput = 100;

class LineRecordReader : public RecordReader {
 public:
  // prefilter: null parses every line; else only its candidates, header
  // lines (the first line, Zeek '#' lines) always.
  LineRecordReader(ByteSource& source, std::string path, const HuntOptions& options,
                   const Prefilter* prefilter = nullptr);
  bool Next(Event& event, Diagnostics& diags) override;
  std::uint64_t skipped() const override { return skipped_; }

 private:
  void Drain(Diagnostics& diags);
  void Summarize(Diagnostics& diags);
  bool Skip(const Line& line, bool first) const;

  Diagnostics local_;
  std::size_t shown_ = 0;
  std::uint64_t dropped_ = 0;
  std::string path_;
  HuntOptions options_;
  LineReader lines_;
  std::unique_ptr<LineParser> parser_;
  SourceKind kind_ = SourceKind::kText;
  const Prefilter* prefilter_;
  std::uint64_t skipped_ = 0;
};

// Whether the first bytes of an input (decompressed) are binary: a UTF-16LE
// byte order mark, or at least one byte in eight a NUL.
bool LooksBinary(std::string_view head);
// Printable runs of a binary input, ASCII and UTF-16LE, as text records
// (src/logs/binary_strings.cpp); line 0, the offset of the run's first byte.
std::unique_ptr<RecordReader> MakeBinaryReader(ByteSource& source, const std::string& path,
                                               const HuntOptions& options,
                                               const Prefilter* prefilter);

// Opens an input ("-" is standard input) and picks its reader from the
// content: EVTX by its file magic, binary (NUL-dense) input as printable
// runs, else the line formats (compression undone).
Result<std::unique_ptr<RecordReader>> OpenReader(const std::string& path,
                                                 const HuntOptions& options,
                                                 const Prefilter* prefilter);

}  // namespace shrike::logs_internal
