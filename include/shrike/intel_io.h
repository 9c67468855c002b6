// Reading and writing intel formats: STIX 2.1, MISP event JSON, CSV, Shrike's
// JSON, plain lists and the signature-base (Loki/THOR) list formats.
//
// Readers take the whole text and the file name (for error locations). A
// structurally broken input (truncated JSON, not a bundle) is an Error naming
// the file and place, and nothing is returned. A bad record inside a good
// document (an invalid value, a pattern we cannot parse) is a warning in
// Diagnostics naming the file and record, the record is skipped, and the rest
// is loaded: never a silent half-load.
//
// Writers are pure functions of an Intel; output is deterministic (same input,
// same bytes) so that it can be diffed and golden-tested.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "shrike/indicator.h"
#include "shrike/result.h"

namespace shrike {

enum class IntelFormat : std::uint8_t {
  kUnknown,
  kStix,          // STIX 2.1 bundle
  kMisp,          // MISP event JSON ({"Event": {...}} or a list of them)
  kCsv,           // CSV with a header naming at least a type/value column or typed columns
  kJson,          // Shrike's JSON: {"indicators":[...],"entities":[...]} (what --to json writes)
  kList,          // one value per line, type inferred per line
  kLokiHash,      // signature-base hash list: "hash;description"
  kLokiC2,        // signature-base c2 list: "value" or "value;description"
  kLokiFilename,  // signature-base filename list: "regex;score[;false-positive regex]"
  kProse,         // anything else: a report to extract from
};

std::string_view IntelFormatName(IntelFormat format);
// Parses a --to/--from name: stix, misp, csv, json, list, loki-hash, ...
std::optional<IntelFormat> ParseIntelFormat(std::string_view name);

// Detects the format from content (and the file name only as a tie-breaker).
IntelFormat DetectIntelFormat(std::string_view path, std::string_view content);

Result<Intel> ReadStix(std::string_view text, const std::string& file, Diagnostics& diags);
Result<Intel> ReadMisp(std::string_view text, const std::string& file, Diagnostics& diags);
Result<Intel> ReadCsv(std::string_view text, const std::string& file, Diagnostics& diags);
Result<Intel> ReadJsonIntel(std::string_view text, const std::string& file, Diagnostics& diags);
// Plain lists and the signature-base formats (the format says which).
Result<Intel> ReadList(std::string_view text, const std::string& file, IntelFormat format,
                       Diagnostics& diags);

std::string WriteStix(const Intel& intel);
std::string WriteMisp(const Intel& intel);
// Header "type,value,..." then one row per indicator with its context columns.
std::string WriteCsv(const Intel& intel);
std::string WriteJsonIntel(const Intel& intel);
// Dispatch on format; an error for formats that are read-only.
Result<std::string> WriteIntel(const Intel& intel, IntelFormat format);

// Reads one file whose content is already in memory, by detected format
// (prose goes to the extractor).
Result<Intel> ReadIntel(std::string_view text, const std::string& file, Diagnostics& diags);

// A SOURCE of the command line: a file (format detected from content), a
// folder (every file below it), or the name of a built-in pack.
Result<Intel> LoadIntelSource(const std::string& source, Diagnostics& diags);

}  // namespace shrike
