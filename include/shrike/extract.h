// Indicator extraction from prose: reports in any language, as UTF-8 text,
// Markdown, AsciiDoc or HTML, with indicators defanged the way vendors write
// them. Linear time in the input; no backtracking regex.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "shrike/indicator.h"

namespace shrike {

class NameDictionary;
class Warninglists;

struct ExtractOptions {
  std::string source;  // file name: goes to each indicator's context.source
  // Known-benign values are returned in Extraction::benign; with keep_benign
  // they are also kept among the indicators (with Indicator::benign set).
  bool keep_benign = false;
  // One indicator per (type, value), at its first occurrence. When false,
  // every occurrence is returned.
  bool unique = true;
  const NameDictionary* names = nullptr;       // null: NameDictionary::Builtin()
  const Warninglists* warninglists = nullptr;  // null: Warninglists::Builtin()
};

struct Extraction {
  std::vector<Indicator> indicators;  // in order of first occurrence
  std::vector<Indicator> benign;      // values a warninglist names (Indicator::benign)
};

Extraction ExtractIndicators(std::string_view text, const ExtractOptions& options);

// Refangs one defanged value ("hxxp://evil[.]com" -> "http://evil.com").
std::string Refang(std::string_view text);

}  // namespace shrike
