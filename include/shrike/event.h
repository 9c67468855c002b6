// Event: one record of a log, whatever its format, as the hunt sees it.
//
// Readers (src/logs/) turn bytes into Events: NDJSON of any shape flattened
// to dotted names, Zeek TSV, CSV with a header, plain text / syslog lines.
// Later readers (EVTX) produce the same Event through the same interface
// (RecordReader in src/logs/readers.h), so matching never depends on the
// format.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shrike/indicator.h"

namespace shrike {

enum class SourceKind : std::uint8_t {
  kZeekJson,  // Zeek logs written as JSON (ts, uid, id.orig_h or id_orig_h)
  kZeekTsv,   // Zeek ASCII logs (#separator, #fields, #types)
  kNdjson,    // any other one-object-per-line JSON (EVE, winlogbeat, NXLog)
  kCsv,       // CSV with a header line
  kText,      // plain text and syslog lines
  kEvtx,      // Windows event logs (src/evtx/), one Event per record
};

std::string_view SourceKindName(SourceKind kind);

struct Event {
  UnixTime timestamp = kNoTime;  // UTC, from the format's own time field
  std::string host;              // host.name when the record names one
  SourceKind kind = SourceKind::kText;
  // Which field table of fields.tsv describes the record ("zeek", "eve",
  // "winlog", ...); empty when the shape is unknown and values are matched
  // by their look.
  std::string dialect;
  std::uint64_t offset = 0;  // byte offset of the record in the (decompressed) input
  std::uint64_t line = 0;    // 1-based line of the record
  // Flattened field name -> value. An array gives one entry per element under
  // the same name. Text lines have one field, "message".
  std::vector<std::pair<std::string, std::string>> fields;

  // The first value of a field, or empty.
  std::string_view Get(std::string_view name) const;
  void Clear();
};

}  // namespace shrike
