// Built-in intel packs: packs/<name>/ compiled into the binary.
//
// A pack is data: `pack.stix.json` (a STIX 2.1 bundle: the intrusion set,
// campaign, malware, tools, techniques, victims and indicators), and later
// yara/ and sigma/ folders. packs/common/ is not a pack: it holds the base
// name dictionary (`names.tsv`) that every pack extends.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shrike/indicator.h"
#include "shrike/result.h"

namespace shrike {

// The names of the built-in campaign packs ("palmerworm", ...), sorted.
std::vector<std::string> PackNames();
bool IsPackName(std::string_view name);
// The content of packs/<path> (e.g. "palmerworm/pack.stix.json"), if embedded.
std::optional<std::string_view> EmbeddedPackFile(std::string_view path);
// Every embedded file below packs/<dir>/ as (relative path, content).
std::vector<std::pair<std::string, std::string_view>> EmbeddedPackFiles(std::string_view dir);
// Loads a pack: its STIX bundle, every indicator with the pack's context.
Result<Intel> LoadPack(std::string_view name, Diagnostics& diags);

}  // namespace shrike
