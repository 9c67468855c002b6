// The finding of one file (or archive member, or inventory row) with hits.
#pragma once

#include <string>

#include "files/analyzer.h"
#include "shrike/finding.h"

namespace shrike::files {

// Hits sorted by score (the best names the rule), combined into the
// severity; report fields become finding fields. Moves out of `report`.
// Requires at least one hit.
Finding MakeFileFinding(const FileInfo& info, FileReport& report, const std::string& host);

}  // namespace shrike::files
